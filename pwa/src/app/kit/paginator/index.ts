/**
 * @oblako/shell-kit/paginator — Material's paginator in the person's language. Its own entry:
 * MatPaginatorIntl pulls in the paginator, select and tooltip (~56 kB), which only the pages
 * with paginated tables need; from the kit's barrel they loaded before every page.
 */
export { TranslatedPaginatorIntl } from '../../core/i18n/translated-paginator-intl';
