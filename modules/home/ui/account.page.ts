import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { AUTH_API, CONSENT_API, formatInZone, formatPhone, type ConsentStatus } from '@oblako/domain';
import { ApiCallError, ApiClient, SessionControl, TranslatePipe, TranslationService, selectOnline } from '@oblako/shell-kit';
import { askToConfirm } from '@oblako/shell-kit/confirm';
import { HOME_API, type SupportContacts } from '../api';
import { registerHomeIcons } from './icons';
import { DEVICE_TIME_ZONE } from './environment';

/**
 * «Аккаунт и безопасность»: change the password, read or withdraw the consent (what withdrawal
 * means is said before it is confirmed), who viewed my data, support contacts, and sign out on
 * every device. The consent state and the two account actions need the server.
 */
@Component({
  selector: 'ob-home-account',
  imports: [MatButton, MatIcon, RouterLink, TranslatePipe],
  template: `
    <h1 class="title">{{ 'home.account.title' | t }}</h1>
    @if (error(); as message) {
      <p class="error" role="alert" data-testid="account-error">{{ message }}</p>
    }

    <section class="panel" data-testid="account-password">
      <h2><mat-icon svgIcon="lock" />{{ 'home.account.password.title' | t }}</h2>
      <p>{{ 'home.account.password.text' | t }}</p>
      <div class="actions"><a mat-stroked-button routerLink="/onboarding/password" data-testid="account-change-password">{{ 'home.account.password.action' | t }}</a></div>
    </section>

    <section class="panel" data-testid="account-consent">
      <h2><mat-icon svgIcon="gavel" />{{ 'home.account.consent.title' | t }}</h2>
      @if (consent(); as c) {
        <p data-testid="consent-state">{{ c.accepted ? ('home.account.consent.given' | t: { date: when(c.acceptedAt) }) : ('home.account.consent.notGiven' | t) }}</p>
      } @else if (!online()) {
        <p>{{ 'home.account.consent.offline' | t }}</p>
      }
      <div class="actions">
        <a mat-stroked-button routerLink="/onboarding/consent">{{ 'home.account.consent.read' | t }}</a>
        @if (consent()?.accepted) {
          <button mat-button type="button" class="danger" data-testid="consent-withdraw" [disabled]="busy() || !online()" (click)="withdraw()">{{ 'home.account.consent.withdraw' | t }}</button>
        }
      </div>
    </section>

    <section class="panel" data-testid="account-views">
      <h2><mat-icon svgIcon="visibility" />{{ 'home.account.views.title' | t }}</h2>
      <p>{{ 'home.account.views.text' | t }}</p>
      <div class="actions"><a mat-stroked-button routerLink="/documents/views" data-testid="account-views-link">{{ 'home.account.views.action' | t }}</a></div>
    </section>

    <section class="panel" data-testid="account-support">
      <h2><mat-icon svgIcon="support_agent" />{{ 'home.account.support.title' | t }}</h2>
      <p>{{ 'home.account.support.text' | t }}</p>
      @if (support(); as contacts) {
        @if (contacts.phone || contacts.email) {
          <ul class="contacts">
            @if (contacts.phone) {
              <li>{{ 'home.account.support.phone' | t }}: <a [href]="'tel:' + contacts.phone" data-testid="support-phone">{{ phoneText(contacts.phone) }}</a></li>
            }
            @if (contacts.email) {
              <li>{{ 'home.account.support.email' | t }}: <a [href]="'mailto:' + contacts.email" data-testid="support-email">{{ contacts.email }}</a></li>
            }
          </ul>
        } @else {
          <p data-testid="support-none">{{ 'home.account.support.none' | t }}</p>
        }
      }
    </section>

    <section class="panel" data-testid="account-everywhere">
      <h2><mat-icon svgIcon="devices" />{{ 'home.account.everywhere.title' | t }}</h2>
      <p>{{ 'home.account.everywhere.text' | t }}</p>
      @if (!online()) {
        <p class="muted">{{ 'home.account.offlineAction' | t }}</p>
      }
      <div class="actions">
        <button mat-stroked-button type="button" class="danger" data-testid="sign-out-everywhere" [disabled]="busy() || !online()" (click)="signOutEverywhere()">{{ 'home.account.everywhere.action' | t }}</button>
      </div>
    </section>
  `,
  styles: `
    :host { display: grid; gap: 12px; }
    .title { margin: 0 0 4px; font: var(--mat-sys-headline-small); }
    .panel { border-radius: 12px; border: 1px solid var(--mat-sys-outline-variant); background: var(--mat-sys-surface); padding: 12px 16px; display: grid; gap: 8px; }
    .panel h2 { display: flex; gap: 8px; align-items: center; margin: 0; font: var(--mat-sys-title-medium); }
    .panel h2 mat-icon { flex: none; color: var(--mat-sys-primary); }
    .panel p { margin: 0; font: var(--mat-sys-body-medium); overflow-wrap: anywhere; }
    .contacts { margin: 0; padding-left: 20px; font: var(--mat-sys-body-large); }
    .contacts a { display: inline-block; min-height: 48px; line-height: 48px; }
    .actions { display: flex; flex-wrap: wrap; gap: 8px; }
    .actions a, .actions button { min-height: 48px; }
    .danger { color: var(--mat-sys-error); }
    .error { margin: 0; color: var(--mat-sys-error); font: var(--mat-sys-body-large); }
    .muted { color: var(--mat-sys-on-surface-variant); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AccountPage {
  private readonly api = inject(ApiClient);
  private readonly session = inject(SessionControl);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(TranslationService);
  readonly online = inject(Store).selectSignal(selectOnline);
  private readonly deviceZone = inject(DEVICE_TIME_ZONE);

  readonly consent = signal<ConsentStatus | null>(null);
  readonly support = signal<SupportContacts | null>(null);
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);

  constructor() {
    registerHomeIcons();
    void this.load();
  }

  private async load(): Promise<void> {
    const [consent, support] = await Promise.allSettled([
      this.api.get<ConsentStatus>(CONSENT_API.current),
      this.api.get<SupportContacts>(HOME_API.support),
    ]);
    if (consent.status === 'fulfilled') this.consent.set(consent.value);
    if (support.status === 'fulfilled') this.support.set(support.value);
  }

  when(iso: string | undefined): string {
    // The moment of consent, in this device's zone, named (the profile zone is the home page's).
    return iso ? formatInZone(iso, this.deviceZone, this.i18n.language()) : '';
  }

  phoneText(phone: string): string {
    return formatPhone(phone);
  }

  async withdraw(): Promise<void> {
    const consent = this.consent();
    if (!consent) return;
    const confirmed = await this.confirm({
      title: 'home.account.consent.confirmTitle',
      intro: 'home.account.consent.confirmIntro',
      effects: ['home.account.consent.effect.stop', 'home.account.consent.effect.consultations', 'home.account.consent.effect.sessions', 'home.account.consent.effect.records', 'home.account.consent.effect.record'],
      confirm: 'home.account.consent.confirm',
      cancel: 'home.account.consent.cancel',
    });
    if (!confirmed) return;
    if (await this.call(() => this.api.post(CONSENT_API.withdrawal, { version: consent.version }))) {
      this.snackBar.open(this.i18n.t('home.account.consent.withdrawn'), undefined, { duration: 8000 });
      // The server ended every session, this one too: forget it here as well.
      this.session.signOut();
    }
  }

  async signOutEverywhere(): Promise<void> {
    const confirmed = await this.confirm({
      title: 'home.account.everywhere.confirmTitle',
      intro: 'home.account.everywhere.confirmText',
      confirm: 'home.account.everywhere.confirm',
      cancel: 'home.account.everywhere.cancel',
    });
    if (!confirmed) return;
    if (await this.call(() => this.api.post(AUTH_API.signOutEverywhere, {}))) this.session.signOut();
  }

  /** Both account actions end something (the consent, every session): the kit's question, in the danger colour. */
  private confirm(keys: { title: string; intro: string; effects?: readonly string[]; confirm: string; cancel: string }): Promise<boolean> {
    const t = (key: string) => this.i18n.t(key);
    return askToConfirm(this.dialog, {
      title: t(keys.title),
      text: t(keys.intro),
      ...(keys.effects ? { effects: keys.effects.map(t) } : {}),
      confirmLabel: t(keys.confirm),
      cancelLabel: t(keys.cancel),
      danger: true,
    });
  }

  private async call(action: () => Promise<unknown>): Promise<boolean> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await action();
      return true;
    } catch (error) {
      this.error.set(error instanceof ApiCallError ? error.message : this.i18n.t('error.internal'));
      return false;
    } finally {
      this.busy.set(false);
    }
  }
}
