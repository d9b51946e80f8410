import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { Store } from '@ngrx/store';
import { TranslatePipe } from '../core/i18n/translate.pipe';
import { selectUser } from '../core/session/session.selectors';

/** Shown at `/` when no registered module offers this role a page. */
@Component({
  selector: 'ob-welcome',
  imports: [TranslatePipe],
  template: `<h1 class="page-title">{{ 'app.name' | t }}</h1>
    <p>{{ user()?.name }}</p>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WelcomePage {
  readonly user = inject(Store).selectSignal(selectUser);
}
