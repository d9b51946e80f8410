import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TranslatePipe } from '../core/i18n/translate.pipe';

@Component({
  selector: 'ob-not-found',
  imports: [TranslatePipe],
  template: `<h1 class="page-title">{{ 'page.notFound' | t }}</h1>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotFoundPage {}
