import { Pipe, inject, type PipeTransform } from '@angular/core';
import { formatInZone, formatSlotInZone, type Slot } from '@oblako/domain';
import { TranslationService } from '@oblako/shell-kit';
import { ViewerZone } from './viewer-zone.service';

/**
 * `{{ consultation.slot.start | consultationTime }}` → «12 декабря 2026, 10:30 (Владивосток,
 * UTC+10)» in the viewer's zone and UI language; a Slot gives its range. An explicit zone may be
 * passed (`| consultationTime: 'Europe/Moscow'`). Impure: it follows the zone and language signals.
 */
@Pipe({ name: 'consultationTime', pure: false })
export class ConsultationTimePipe implements PipeTransform {
  private readonly zone = inject(ViewerZone).zone;
  private readonly i18n = inject(TranslationService);

  transform(value: string | Slot | null | undefined, zone?: string): string {
    if (!value) return '';
    const timeZone = zone || this.zone();
    const language = this.i18n.language();
    try {
      return typeof value === 'string' ? formatInZone(value, timeZone, language) : formatSlotInZone(value, timeZone, language);
    } catch {
      return typeof value === 'string' ? value : `${value.start} – ${value.end}`;
    }
  }
}
