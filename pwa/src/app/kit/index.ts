/**
 * @oblako/shell-kit — what module pages may use from the shell: data access, translations,
 * the signed-in person and connectivity. Modules import only this, never shell internals;
 * heavy parts few pages use have their own entries (`@oblako/shell-kit/pickers`, `/confirm`, `/paginator`).
 */
export { DataService, type FindOptions, type SaveResult } from '../core/db/data.service';
export { TranslatePipe } from '../core/i18n/translate.pipe';
export { TranslationService, provideModuleTranslations } from '../core/i18n/translation.service';
export { roleGuard } from '../core/auth/guards';
export { selectUser, selectRole } from '../core/session/session.selectors';
export { selectOnline } from '../core/connectivity/connectivity.selectors';
export { ApiClient, ApiCallError, type DownloadedFile } from '../core/auth/api-client';
export { SessionControl } from '../core/session/session-control';
export { OnboardingGate } from '../core/session/onboarding-gate';
export { LanguageSwitcherComponent } from '../shell/language-switcher.component';
export { provideModuleIcons } from '../core/icons/svg-icons';
// Medical documents (modules/documents): tus uploads carry the token themselves, past the service worker.
export { AccessToken } from '../core/auth/access-token';
export { SW_BYPASS_HEADER } from '../core/auth/auth-api';
// The shell's navigation counters (NavEntry.badge): modules publish a number under their key.
export { NavBadges } from '../shell/nav-badges.service';
// Per-document "waiting to sync" state, for pages that mark unsent changes.
export { PendingDocs } from '../shell/pending-docs.service';
// Route data of a page of tables that uses a desktop's full width.
export { WIDE_PAGE } from '../shell/wide-page';
// Whether a first sync stores pages now: whole-collection live reads wait for it (every page would re-read them).
export { watchFirstSyncs } from '../core/replication/first-sync-activity';
// Out of storage: modules register what may be deleted to make room; writes say OutOfStorageError.
export { StorageSpace, type SpaceReclaimer } from '../core/db/storage-space/storage-space.service';
export { OutOfStorageError, isQuotaExceeded } from '../core/db/storage-space/quota-error';
// Live marks on another module's records (the video call's «пациент ждёт» on «Мой день»).
export { LiveMarks, type LiveMark } from './live-marks';
// Heavy parts few pages use have their own entries, so that the chunk every page loads before it
// draws does not carry them (each pulled Material code in: from here they loaded before every page):
//  - `@oblako/shell-kit/pickers`: date and time fields, дд.мм.гггг and 24 hours (the datepicker, ~90 kB);
//  - `@oblako/shell-kit/confirm`: askToConfirm, a question before an action hard to take back (the dialog, ~28 kB);
//  - `@oblako/shell-kit/paginator`: TranslatedPaginatorIntl, the table paginator in the person's language (~56 kB).
// A page's summary of what it last showed, drawn at the next start before RxDB has loaded
// (saved only while its person is the one signed in on this device).
export { readFirstPaintCopy, saveFirstPaintCopy } from '../core/first-paint/page-copy';
export { recordPageSnapshot } from '../core/first-paint/snapshot-recorder';
