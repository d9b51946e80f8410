/**
 * @oblako/shell-kit — what module pages may use from the shell: data access, translations,
 * the signed-in person and connectivity. Modules import only this, never shell internals.
 */
export { DataService, type SaveResult } from '../core/db/data.service';
export { TranslatePipe } from '../core/i18n/translate.pipe';
export { TranslationService } from '../core/i18n/translation.service';
export { roleGuard } from '../core/auth/guards';
export { selectUser, selectRole } from '../core/session/session.selectors';
export { selectOnline } from '../core/connectivity/connectivity.selectors';
