/**
 * Referral tables (the manager's import): recognising headers, normalising and validating
 * rows, finding the same person across rows, sheets and files, and the idempotency key that
 * makes re-importing a table create nothing. Pure: the server and the PWA run the same rules.
 */
export * from './types';
export { sha256Hex } from './sha256';
export {
  cellText, comparable, normalizeName, joinName, nameProblem, nameKey, sameName, parseDate,
  normalizeIcd10, splitLeadingIcd10, parsePhoneCell, type DateResult, type IcdResult, type PhoneResult, type NameProblem,
} from './normalize';
export { recogniseHeader, findHeader, columnLetter, hasEssentialColumns, missingEssentialColumns, HEADER_SEARCH_ROWS, type HeaderMatch } from './headers';
export { readRow, isBlankRow, EARLIEST_BIRTH_YEAR, type ReadRow } from './row';
export { assessRows, reassess, OWN_ISSUE_CODES, referralKey, samePerson, rowStatusOf, summarise, type AssessInput, type Assessment, type AssessmentSummary } from './assess';
export { ROW_ISSUE_MESSAGES, localiseIssue } from './messages';
