import type { ModuleDefinition } from '@oblako/domain';
import { videoTranslations } from './i18n';

export * from './api';
export * from './join-window';
export { videoErrorMessage, type VideoErrorCode } from './messages';

/**
 * Video consultation: call tickets under the consultation's join rules, the built-in 1:1 WebRTC
 * call (PeerJS, signalling on our own server behind call tokens) or Jitsi where a deployment is
 * configured, live presence for the doctor and the call's log. See README.md.
 */
export const videoModule: ModuleDefinition = {
  id: 'video',
  ui: {
    path: 'video',
    roles: ['patient', 'doctor'],
    loadRoutes: () => import('./ui/routes').then((m) => m.VIDEO_ROUTES),
    loadBackground: () => import('./ui/waiting-patients').then((m) => m.startVideoBackground),
  },
  serverPlugin: new URL('./server/plugin.ts', import.meta.url),
  i18n: videoTranslations,
};
