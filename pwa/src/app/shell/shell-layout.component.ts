import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatIconButton } from '@angular/material/button';
import { MatBadge } from '@angular/material/badge';
import { MatIcon } from '@angular/material/icon';
import { MatListItem, MatListItemIcon, MatListItemMeta, MatListItemTitle, MatNavList } from '@angular/material/list';
import { MatDivider } from '@angular/material/divider';
import { MatMenu, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';
import { MatSidenav, MatSidenavContainer, MatSidenavContent } from '@angular/material/sidenav';
import { MatToolbar } from '@angular/material/toolbar';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet, type ActivatedRouteSnapshot } from '@angular/router';
import { Store } from '@ngrx/store';
import { filter, map, startWith } from 'rxjs';
import { iconName } from '../core/icons/svg-icons';
import { TranslatePipe } from '../core/i18n/translate.pipe';
import { TranslationService } from '../core/i18n/translation.service';
import { MODULE_REGISTRY } from '../core/modules/module-registry';
import { OnboardingGate } from '../core/session/onboarding-gate';
import { sessionActions } from '../core/session/session.actions';
import { selectUser } from '../core/session/session.selectors';
import { SyncNoticesComponent } from '../notices/sync-notices.component';
import { StorageNoticeComponent } from '../notices/storage-notice.component';
import { LanguageSwitcherComponent } from './language-switcher.component';
import { buildAccountMenu, buildNav } from './module-nav';
import { NavBadges } from './nav-badges.service';
import { StatusIndicatorComponent } from './status-indicator.component';
import { DataLoadErrorComponent } from './data-load-error.component';
import { LazyDataLayer } from '../core/db/lazy-data-layer';
import { FirstPageDrawn } from '../core/first-paint/first-page-drawn';
import { WIDE_PAGE_KEY } from './wide-page';
import { SHELL_LAYOUT_STRINGS } from './shell-strings';

const MAX_BOTTOM_ENTRIES = 5;

/** Phones get a bottom bar; wider screens a side navigation. */
const HANDSET = '(max-width: 719.98px)';

function routeChain(root: ActivatedRouteSnapshot): ActivatedRouteSnapshot[] {
  const chain = [root];
  while (chain[chain.length - 1]!.firstChild) chain.push(chain[chain.length - 1]!.firstChild!);
  return chain;
}

@Component({
  selector: 'ob-shell-layout',
  imports: [
    RouterOutlet, RouterLink, RouterLinkActive, MatToolbar, MatIcon, MatBadge, MatIconButton, MatMenu, MatMenuItem, MatMenuTrigger,
    MatSidenav, MatSidenavContainer, MatSidenavContent, MatNavList, MatListItem, MatListItemIcon, MatListItemMeta, MatListItemTitle, MatDivider,
    TranslatePipe, StatusIndicatorComponent, LanguageSwitcherComponent, SyncNoticesComponent, StorageNoticeComponent,
    DataLoadErrorComponent,
  ],
  template: `
    <mat-toolbar class="app-bar">
      <a class="brand" routerLink="/" [attr.aria-label]="'app.name' | t">
        <!-- Low priority: at start a 32 px logo (re-validated on every load) must not take a connection from the page's code. -->
        <img src="icons/icon-192.png" alt="" width="32" height="32" fetchpriority="low" />
        <span class="brand__name">{{ (handset() ? 'app.shortName' : 'app.name') | t }}</span>
      </a>
      <span class="spacer"></span>
      @if (!handset()) {
        <ob-status-indicator />
      }
      <ob-language-switcher />
      <button mat-icon-button [matMenuTriggerFor]="userMenu" [attr.aria-label]="'user.menu' | t" data-testid="user-menu">
        <mat-icon svgIcon="account_circle" />
      </button>
      <mat-menu #userMenu="matMenu" xPosition="before">
        <div class="user-card" role="presentation">
          <div class="user-card__name">{{ user()?.name || phone() }}</div>
          <div class="user-card__meta">{{ 'role.' + (user()?.role ?? 'patient') | t }} · {{ phone() }}</div>
        </div>
        <mat-divider />
        @for (entry of accountMenu(); track entry.path) {
          <a mat-menu-item [routerLink]="entry.path" [attr.data-testid]="'account-menu-' + entry.path">
            <mat-icon [svgIcon]="icon(entry.icon)" />
            <span>{{ entry.labelKey | t }}</span>
          </a>
        }
        <button mat-menu-item type="button" (click)="signOut()">
          <mat-icon svgIcon="logout" />
          <span>{{ 'user.signOut' | t }}</span>
        </button>
      </mat-menu>
    </mat-toolbar>
    @if (handset()) {
      <div class="status-strip"><ob-status-indicator /></div>
    }
    <mat-sidenav-container class="body" [hasBackdrop]="false">
      <mat-sidenav mode="side" [opened]="!handset() && nav().length > 0" class="side-nav">
        <mat-nav-list [attr.aria-label]="'nav.main' | t">
          @for (entry of nav(); track entry.path) {
            <a mat-list-item [routerLink]="entry.path" routerLinkActive #rla="routerLinkActive" [activated]="rla.isActive" [routerLinkActiveOptions]="{ exact: exactPaths().has(entry.path) }">
              <mat-icon matListItemIcon [svgIcon]="icon(entry.icon)" />
              <span matListItemTitle>{{ entry.labelKey | t }}</span>
              @if (badge(entry.badge); as count) {
                <span matListItemMeta class="nav-badge" data-testid="nav-badge" [attr.data-badge]="entry.badge"><span aria-hidden="true">{{ count }}</span><span class="sr-only">{{ badgeLabel(entry.badge, count) }}</span></span>
              }
            </a>
          }
        </mat-nav-list>
      </mat-sidenav>
      <mat-sidenav-content class="content">
        <div class="content__inner" [class.content__inner--wide]="wide()">
          <ob-storage-notice />
          <ob-sync-notices />
          <main>
            <!-- Without the data layer's code a page would show empty lists as if there were no data. -->
            @if (dataFailed()) {
              <ob-data-load-error />
            } @else {
              <router-outlet />
            }
          </main>
        </div>
      </mat-sidenav-content>
    </mat-sidenav-container>
    @if (handset() && nav().length > 1) {
      <nav class="bottom-nav" [attr.aria-label]="'nav.main' | t">
        @for (entry of bottomNav().shown; track entry.path) {
          <a class="bottom-nav__item" [routerLink]="entry.path" routerLinkActive="bottom-nav__item--active" [routerLinkActiveOptions]="{ exact: exactPaths().has(entry.path) }">
            @if (badge(entry.badge); as count) {
              <mat-icon [svgIcon]="icon(entry.icon)" [matBadge]="count" matBadgeColor="warn" matBadgeSize="small" data-testid="nav-badge" [attr.data-badge]="entry.badge" />
              <span>{{ (entry.shortLabelKey ?? entry.labelKey) | t }}</span>
              <span class="sr-only">{{ badgeLabel(entry.badge, count) }}</span>
            } @else {
              <mat-icon [svgIcon]="icon(entry.icon)" />
              <span>{{ (entry.shortLabelKey ?? entry.labelKey) | t }}</span>
            }
          </a>
        }
        @if (bottomNav().more.length > 0) {
          <button type="button" class="bottom-nav__item" [matMenuTriggerFor]="moreMenu" data-testid="nav-more">
            @if (moreCount(); as count) {
              <mat-icon svgIcon="more_horiz" [matBadge]="count" matBadgeColor="warn" matBadgeSize="small" />
            } @else {
              <mat-icon svgIcon="more_horiz" />
            }
            <span>{{ 'nav.more' | t }}</span>
          </button>
          <mat-menu #moreMenu="matMenu" yPosition="above">
            @for (entry of bottomNav().more; track entry.path) {
              <a mat-menu-item [routerLink]="entry.path">
                <mat-icon [svgIcon]="icon(entry.icon)" />
                <span>{{ entry.labelKey | t }}</span>
                @if (badge(entry.badge); as count) {
                  <span class="nav-badge nav-badge--menu" data-testid="nav-badge" [attr.data-badge]="entry.badge"><span aria-hidden="true">{{ count }}</span><span class="sr-only">{{ badgeLabel(entry.badge, count) }}</span></span>
                }
              </a>
            }
          </mat-menu>
        }
      </nav>
    }
  `,
  styles: `
    :host { display: flex; flex-direction: column; height: 100dvh; }
    .app-bar { position: relative; z-index: 2; gap: 4px; background: var(--mat-sys-surface-container); padding: 0 8px 0 12px; }
    .brand { display: inline-flex; align-items: center; gap: 10px; min-height: 48px; color: inherit; text-decoration: none; font: var(--mat-sys-title-large); }
    .brand img { border-radius: 8px; }
    .spacer { flex: 1; }
    .status-strip { padding: 8px 12px; background: var(--mat-sys-surface-container); border-top: 1px solid var(--mat-sys-outline-variant); }
    .body { flex: 1; background: var(--mat-sys-surface); }
    .side-nav { width: 300px; border-right: 1px solid var(--mat-sys-outline-variant); border-radius: 0; background: var(--mat-sys-surface-container-low); padding: 8px 12px; box-sizing: border-box; }
    .side-nav a[mat-list-item] { border-radius: 28px; }
    .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    .nav-badge { min-width: 20px; height: 20px; padding: 0 6px; box-sizing: border-box; border-radius: 10px; background: var(--mat-sys-error); color: var(--mat-sys-on-error); font: var(--mat-sys-label-small); display: inline-flex; align-items: center; justify-content: center; align-self: center; }
    .content__inner--wide { max-width: 1440px !important; }
    .content__inner { max-width: 880px; margin: 0 auto; padding: 16px; display: grid; grid-template-columns: minmax(0, 1fr); gap: 16px; }
    main { min-width: 0; }
    .user-card { padding: 12px 16px; }
    .user-card__name { font: var(--mat-sys-title-small); }
    .user-card__meta { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .bottom-nav { display: flex; justify-content: space-around; background: var(--mat-sys-surface-container); border-top: 1px solid var(--mat-sys-outline-variant); padding-bottom: env(safe-area-inset-bottom); }
    .bottom-nav__item { border: 0; background: none; cursor: pointer; min-width: min-content; }
    /* Labels whole on a 390 px phone («Консультации», «Новые пациенты»): items share the row but
       none is narrower than its longest word (the others give way); labels of two words take two
       lines when the row is short of room; no extra letter spacing. */
    .bottom-nav__item span:not(.sr-only) { max-width: 100%; overflow: hidden; white-space: normal; text-align: center; line-height: 1.2; letter-spacing: 0; }
    .nav-badge--menu { margin-left: 12px; }
    .bottom-nav__item { flex: 1 1 0; display: flex; flex-direction: column; align-items: center; gap: 4px; padding: 10px 2px; color: var(--mat-sys-on-surface-variant); text-decoration: none; font: var(--mat-sys-label-medium); }
    .bottom-nav__item--active { color: var(--mat-sys-on-secondary-container); }
    .bottom-nav__item--active mat-icon { background: var(--mat-sys-secondary-container); border-radius: 16px; width: 56px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ShellLayoutComponent {
  private readonly store = inject(Store);
  private readonly modules = inject(MODULE_REGISTRY);
  private readonly router = inject(Router);
  /** Pages of tables (route data `WIDE_PAGE`) use a desktop's width; reading pages stay narrow. */
  readonly wide = toSignal(
    this.router.events.pipe(
      filter((event) => event instanceof NavigationEnd),
      startWith(null),
      map(() => routeChain(this.router.routerState.snapshot.root).some((route) => route.data[WIDE_PAGE_KEY] === true)),
    ),
    { initialValue: false },
  );
  readonly user = this.store.selectSignal(selectUser);
  readonly dataFailed = inject(LazyDataLayer).failed;
  readonly handset = toSignal(inject(BreakpointObserver).observe(HANDSET).pipe(map((state) => state.matches)), { initialValue: false });
  private readonly onboarding = inject(OnboardingGate).pending;
  /** No way around a pending onboarding step (new password, consent): no navigation meanwhile. */
  readonly nav = computed(() => (this.onboarding() ? [] : buildNav(this.modules, this.user()?.role ?? null)));
  readonly accountMenu = computed(() => (this.onboarding() ? [] : buildAccountMenu(this.modules, this.user()?.role ?? null)));
  /** An entry with another entry under its path (/consultations and /consultations/notifications) is active only on its own page. */
  readonly exactPaths = computed(() => {
    const paths = this.nav().map((entry) => entry.path);
    return new Set(paths.filter((path) => paths.some((other) => other.startsWith(`${path}/`))));
  });
  /** A phone's bottom bar holds five entries at most; the rest go under «Ещё». */
  readonly bottomNav = computed(() => {
    const entries = this.nav();
    if (entries.length <= MAX_BOTTOM_ENTRIES) return { shown: entries, more: [] };
    return { shown: entries.slice(0, MAX_BOTTOM_ENTRIES - 1), more: entries.slice(MAX_BOTTOM_ENTRIES - 1) };
  });
  /** Unread counts of the entries under «Ещё», shown on it so nothing goes unnoticed. */
  readonly moreCount = computed(() => this.bottomNav().more.reduce((sum, entry) => sum + this.badge(entry.badge), 0));
  /**
   * The domain's formatPhone needs libphonenumber's full metadata (~190 kB): loaded after the
   * shell is drawn, not before it. Until then the account menu (closed at start) shows the
   * number as stored (+79001234567).
   */
  private readonly formatPhone = signal<((e164: string) => string) | null>(null);
  readonly phone = computed(() => {
    const phone = this.user()?.phone;
    const format = this.formatPhone();
    return phone ? (format ? format(phone) : phone) : '';
  });
  readonly icon = iconName;
  private readonly badges = inject(NavBadges);
  private readonly i18n = inject(TranslationService);

  /** The count published under an entry's badge key; 0 (nothing shown) when none. */
  badge(key: string | undefined): number {
    return key ? this.badges.count(key)() : 0;
  }

  /** «3 непрочитанных»: the module's plural strings `<badge key>.one|few|many|other`, else the number. */
  badgeLabel(key: string | undefined, count: number): string {
    if (!key || !this.i18n.has(`${key}.other`)) return String(count);
    return this.i18n.plural(key, count);
  }

  constructor() {
    this.i18n.extend(SHELL_LAYOUT_STRINGS);
    // Not in front of a first screen drawn from its copy (FirstPageDrawn): the menu is closed then.
    inject(FirstPageDrawn)
      .whenFirstScreenNeedsNothingElse()
      .then(() => import('./phone-format'))
      .then(
        ({ formatPhone }) => this.formatPhone.set(formatPhone),
        () => undefined, // offline before the chunk was cached: the number stays as stored
      );
  }

  signOut(): void {
    this.store.dispatch(sessionActions.signOutRequested());
  }
}
