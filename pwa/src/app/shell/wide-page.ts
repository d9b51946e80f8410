/**
 * Route data of a page of tables (queues, stages, import previews) that wants a desktop's width;
 * reading pages and forms stay in the narrow column. The shell layout reads it.
 */
export const WIDE_PAGE_KEY = 'widePage';
export const WIDE_PAGE = { [WIDE_PAGE_KEY]: true } as const;
