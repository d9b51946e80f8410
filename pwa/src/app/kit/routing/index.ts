/**
 * @oblako/shell-kit/routing — what a module's route table needs (role guards, the wide-page
 * mark, the role), without the kit's barrel. Its own entry: through the barrel a module's
 * `routes.ts` waited for the kit's Material chunk (~200 kB raw) before it could run and ask for
 * its page, so the page's chunk was requested one level later (bench/README.md, bench:lighthouse).
 */
export { roleGuard } from '../../core/auth/guards';
export { selectRole } from '../../core/session/session.selectors';
export { WIDE_PAGE } from '../../shell/wide-page';
