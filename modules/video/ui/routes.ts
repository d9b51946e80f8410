import type { Routes } from '@angular/router';
import { provideModuleIcons, roleGuard } from '@oblako/shell-kit';
import { VIDEO_ICONS } from './icons';

/** Pages of the video module, mounted by the shell under `/video`. */
export const VIDEO_ROUTES: Routes = [
  {
    path: ':consultationId',
    canMatch: [roleGuard(['patient', 'doctor'])],
    providers: [provideModuleIcons(VIDEO_ICONS)],
    loadComponent: () => import('./call.page').then((m) => m.CallPage),
  },
];
