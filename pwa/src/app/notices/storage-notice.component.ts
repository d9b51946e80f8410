import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import type { Translations } from '@oblako/domain';
import { StorageSpace } from '../core/db/storage-space/storage-space.service';
import { TranslatePipe } from '../core/i18n/translate.pipe';
import { TranslationService } from '../core/i18n/translation.service';

const STORAGE_STRINGS: Translations = {
  ru: {
    'storage.title': 'На устройстве не хватает места',
    'storage.freedTitle': 'На устройстве не хватало места',
    'storage.freedText': 'Чтобы сохранить ваше изменение, удалены копии файлов пациентов для работы без связи ({size}). Файлы по-прежнему открываются при связи. Новые копии не сохраняются, пока вы не освободите место на телефоне и не выберете предел хранения в «Документах пациентов».',
    'storage.alreadyFreed': 'Копии файлов для работы без связи ({size}) уже удалены — этого не хватило.',
    'storage.kept': 'Изменение не потеряно: оно осталось на экране. Освободите место и сохраните ещё раз.',
    'storage.whatToFree': 'Можно удалить:',
    'storage.item': '{label} — {size}',
    'storage.freeButton': 'Удалить копии ({size})',
    'storage.freed': 'Место освобождено. Сохраните изменение ещё раз.',
    'storage.nothingToFree': 'В приложении нечего удалить: освободите место на телефоне (фото, видео, другие приложения) и сохраните ещё раз.',
    'storage.dismiss': 'Закрыть',
  },
  en: {
    'storage.title': 'This device is out of storage',
    'storage.freedTitle': 'This device ran out of storage',
    'storage.freedText': "To keep your change, the offline copies of patients' files were deleted ({size}). Files still open when online. No new copies are kept until you free space on the phone and choose a storage limit in «Patients' documents».",
    'storage.alreadyFreed': 'The offline file copies ({size}) were already deleted; that was not enough.',
    'storage.kept': 'Your change is not lost: it is still on the screen. Free some space and save again.',
    'storage.whatToFree': 'You can delete:',
    'storage.item': '{label} — {size}',
    'storage.freeButton': 'Delete the copies ({size})',
    'storage.freed': 'Space freed. Save your change again.',
    'storage.nothingToFree': 'Nothing in the app can be deleted: free space on the phone (photos, videos, other apps) and save again.',
    'storage.dismiss': 'Close',
  },
};

/**
 * Shown when the device ran out of storage: either the offline copies were deleted to keep the
 * person's change (and how much), or the change could not be kept — then that it is not lost,
 * what the app itself can delete (copies that can be downloaded again) with their size and a
 * button for it, or, when there is nothing, what to free on the phone.
 */
@Component({
  selector: 'ob-storage-notice',
  imports: [MatButton, MatIcon, TranslatePipe],
  template: `
    @if (space.shortage(); as shortage) {
      <section class="notice" role="alert" data-testid="storage-notice" [attr.data-kind]="shortage.kind">
        <header class="notice__title">
          <mat-icon svgIcon="warning" />
          <h2>{{ (shortage.kind === 'freed' ? 'storage.freedTitle' : 'storage.title') | t }}</h2>
        </header>
        @if (shortage.kind === 'freed') {
          <p class="notice__text" data-testid="storage-freed-copies">{{ 'storage.freedText' | t: { size: size(shortage.freedBytes) } }}</p>
        } @else if (freed()) {
          <p class="notice__text" data-testid="storage-freed">{{ 'storage.freed' | t }}</p>
        } @else {
          <p class="notice__text">{{ 'storage.kept' | t }}</p>
          @if (shortage.freedBytes > 0) {
            <p class="notice__text">{{ 'storage.alreadyFreed' | t: { size: size(shortage.freedBytes) } }}</p>
          }
          @if (space.reclaimable().length > 0) {
            <p class="notice__text">{{ 'storage.whatToFree' | t }}</p>
            <ul class="notice__list">
              @for (item of space.reclaimable(); track item.labelKey) {
                <li data-testid="storage-reclaimable">{{ 'storage.item' | t: { label: (item.labelKey | t), size: size(item.bytes) } }}</li>
              }
            </ul>
          } @else {
            <p class="notice__text" data-testid="storage-nothing">{{ 'storage.nothingToFree' | t }}</p>
          }
        }
        <div class="notice__actions">
          @if (shortage.kind === 'full' && !freed() && space.reclaimableBytes() > 0) {
            <button mat-flat-button type="button" (click)="free()" data-testid="storage-free">{{ 'storage.freeButton' | t: { size: size(space.reclaimableBytes()) } }}</button>
          }
          <button mat-button type="button" (click)="dismiss()" data-testid="storage-dismiss">{{ 'storage.dismiss' | t }}</button>
        </div>
      </section>
    }
  `,
  styles: `
    :host { display: block; }
    :host:empty { display: none; }
    .notice { border-radius: 12px; padding: 12px 16px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .notice__title { display: flex; align-items: center; gap: 8px; }
    .notice__title h2 { margin: 0; font: var(--mat-sys-title-medium); }
    .notice__text { margin: 4px 0; font: var(--mat-sys-body-medium); }
    .notice__list { margin: 0 0 4px; padding-left: 20px; font: var(--mat-sys-body-medium); }
    .notice__actions { display: flex; gap: 8px; flex-wrap: wrap; justify-content: flex-end; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StorageNoticeComponent {
  readonly space = inject(StorageSpace);
  private readonly i18n = inject(TranslationService);
  private readonly freedAt = signal<number | null>(null);
  /** The copies were deleted after this shortage was shown. */
  readonly freed = computed(() => this.freedAt() !== null && this.freedAt()! >= (this.space.shortage()?.at ?? Infinity));

  constructor() {
    this.i18n.extend(STORAGE_STRINGS);
  }

  size(bytes: number): string {
    const megabytes = bytes / (1024 * 1024);
    const unit = this.i18n.language() === 'ru' ? 'МБ' : 'MB';
    return `${new Intl.NumberFormat(this.i18n.language(), { maximumFractionDigits: megabytes < 10 ? 1 : 0 }).format(megabytes)} ${unit}`;
  }

  async free(): Promise<void> {
    await this.space.freeNow();
    this.freedAt.set(Date.now());
  }

  dismiss(): void {
    this.space.dismiss();
  }
}
