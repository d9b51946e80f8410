import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Store } from '@ngrx/store';
import { DataService } from '../core/db/data.service';
import type { Translations } from '@oblako/domain';
import type { SyncNotice } from '../core/db/sync-notice';
import { TranslatePipe } from '../core/i18n/translate.pipe';
import { TranslationService } from '../core/i18n/translation.service';
import { MODULE_REGISTRY } from '../core/modules/module-registry';
import { selectNotices } from '../core/sync/sync.selectors';

/**
 * The notices' strings: only the signed-in shell shows them, so they load with it rather than
 * with the start bundle the sign-in page waits for.
 */
const NOTICE_STRINGS: Translations = {
  ru: {
    'notice.conflictTitle': 'Ваше изменение не удалось применить',
    'notice.conflictText': 'Это поле одновременно изменили на другом устройстве. Сохранено значение с сервера.',
    'notice.rejectedTitle': 'Сервер не принял ваше изменение',
    'notice.deletedTitle': 'Запись удалена на другом устройстве',
    'notice.field': 'Поле',
    'notice.yours': 'Ваше значение',
    'notice.server': 'На сервере',
    'notice.reason': 'Причина',
    'notice.reapply': 'Применить моё значение',
    'notice.dismiss': 'Скрыть',
    'notice.reapplied': 'Ваше значение применено',
    'notice.empty': '(пусто)',
    'notice.resolvedTitle': 'Изменения, сделанные одновременно',
  },
  en: {
    'notice.conflictTitle': 'Your change could not be applied',
    'notice.conflictText': 'This field was changed on another device at the same time. The server value was kept.',
    'notice.rejectedTitle': 'The server refused your change',
    'notice.deletedTitle': 'The record was deleted on another device',
    'notice.field': 'Field',
    'notice.yours': 'Your value',
    'notice.server': 'On the server',
    'notice.reason': 'Reason',
    'notice.reapply': 'Apply my value',
    'notice.dismiss': 'Dismiss',
    'notice.reapplied': 'Your value was applied',
    'notice.empty': '(empty)',
    'notice.resolvedTitle': 'Changes made at the same time',
  },
};

/**
 * Changes of this device the server did not take as they were: a field changed elsewhere at
 * the same time (conflict) or a write the server refused. The person sees both values and
 * decides: apply their value again, or dismiss.
 */
@Component({
  selector: 'ob-sync-notices',
  imports: [MatButton, MatIcon, TranslatePipe],
  template: `
    @for (notice of notices(); track notice.id) {
      <section class="notice" role="alert" [attr.data-testid]="'sync-notice'" [attr.data-kind]="notice.kind">
        <header class="notice__title">
          <mat-icon svgIcon="warning" />
          <h2>{{ title(notice) | t }}</h2>
        </header>
        @if (notice.kind === 'resolved') {
          @for (message of messages(notice); track $index) {
            <p class="notice__text" data-testid="sync-notice-message">{{ message }}</p>
          }
        } @else if (notice.kind === 'conflict') {
          <p class="notice__text">{{ 'notice.conflictText' | t }}</p>
        } @else if (notice.reason) {
          <p class="notice__text">{{ 'notice.reason' | t }}: {{ notice.reason }}</p>
        }
        @if (visibleFields(notice).length > 0) {
          <dl class="notice__fields">
            @for (field of visibleFields(notice); track field.field) {
              <div class="notice__field">
                <dt>{{ fieldLabel(notice, field.field) }}</dt>
                <dd><span class="notice__label">{{ 'notice.yours' | t }}:</span> «{{ show(field.local) }}»</dd>
                <dd><span class="notice__label">{{ 'notice.server' | t }}:</span> «{{ show(field.remote) }}»</dd>
              </div>
            }
          </dl>
        }
        <div class="notice__actions">
          @if (canReapply(notice)) {
            <button mat-flat-button type="button" (click)="reapply(notice)">{{ 'notice.reapply' | t }}</button>
          }
          <button mat-button type="button" (click)="dismiss(notice)">{{ 'notice.dismiss' | t }}</button>
        </div>
      </section>
    }
  `,
  styles: `
    :host { display: grid; gap: 12px; }
    :host:empty { display: none; }
    .notice { border-radius: 12px; padding: 12px 16px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .notice__title { display: flex; align-items: center; gap: 8px; }
    .notice__title h2 { margin: 0; font: var(--mat-sys-title-medium); }
    .notice__text { margin: 4px 0; font: var(--mat-sys-body-medium); }
    .notice__fields { margin: 8px 0; display: grid; gap: 8px; }
    .notice__field dt { font: var(--mat-sys-label-large); }
    .notice__field dd { margin: 0; font: var(--mat-sys-body-medium); overflow-wrap: anywhere; }
    .notice__label { opacity: .8; }
    .notice__actions { display: flex; gap: 8px; flex-wrap: wrap; justify-content: flex-end; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SyncNoticesComponent {
  private readonly data = inject(DataService);
  private readonly i18n = inject(TranslationService);
  private readonly snackBar = inject(MatSnackBar);
  private readonly modules = inject(MODULE_REGISTRY);
  readonly notices = inject(Store).selectSignal(selectNotices);

  constructor() {
    this.i18n.extend(NOTICE_STRINGS);
  }

  title(notice: SyncNotice): string {
    if (notice.kind === 'rejected') return 'notice.rejectedTitle';
    if (notice.kind === 'resolved') return 'notice.resolvedTitle';
    return notice.fields.some((f) => f.field === '_deleted') ? 'notice.deletedTitle' : 'notice.conflictTitle';
  }

  /** A collection's conflict rule speaks in keys or in ready texts in both languages. */
  messages(notice: SyncNotice): string[] {
    const language = this.i18n.language();
    return (notice.messages ?? []).map((message) => {
      if (message.text) return message.text[language] ?? message.text.ru;
      return message.key ? this.i18n.t(message.key, message.params) : '';
    }).filter((text) => text !== '');
  }

  visibleFields(notice: SyncNotice) {
    return notice.fields.filter((f) => !f.field.startsWith('_'));
  }

  canReapply(notice: SyncNotice): boolean {
    return notice.kind === 'conflict' && !notice.fields.some((f) => f.field === '_deleted') && this.visibleFields(notice).length > 0;
  }

  /** `<module id>.<field>` is the label the module's own form uses. */
  fieldLabel(notice: SyncNotice, field: string): string {
    const module = this.modules.find((m) => m.collections?.some((c) => c.name === notice.collection));
    const key = module ? `${module.id}.${field}` : field;
    return this.i18n.has(key) ? this.i18n.t(key) : field;
  }

  show(value: unknown): string {
    if (value === null || value === undefined || value === '') return this.i18n.t('notice.empty');
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  async reapply(notice: SyncNotice): Promise<void> {
    await this.data.reapplyNotice(notice);
    this.snackBar.open(this.i18n.t('notice.reapplied'), undefined, { duration: 3000 });
  }

  async dismiss(notice: SyncNotice): Promise<void> {
    await this.data.dismissNotice(notice.id);
  }
}
