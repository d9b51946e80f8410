/**
 * @oblako/shell-kit/confirm — a question before an action that is hard to take back. Its own
 * entry: Material's dialog (~28 kB) loads with the pages that ask, not before every page.
 */
export { askToConfirm, type ConfirmQuestion } from './confirm-dialog.component';
