import type { ModuleDefinition } from '@oblako/domain';
import { pushTranslations } from './i18n';

export * from './api';
export { pushTranslations } from './i18n';

/**
 * Notifications that reach people outside the app: web push of every cabinet notification to
 * the person's subscribed devices, durable reminders 24 h / 1 h / at the start of a
 * consultation, SMS where push cannot reach, «Добавить в календарь». See README.md.
 */
export const pushModule: ModuleDefinition = {
  id: 'push',
  ui: {
    path: 'push',
    roles: ['patient', 'doctor', 'manager'],
    loadRoutes: () => import('./ui/routes').then((m) => m.PUSH_ROUTES),
    loadBackground: () => import('./ui/background').then((m) => m.startPushBackground),
  },
  serverPlugin: new URL('./server/plugin.ts', import.meta.url),
  i18n: pushTranslations,
};
