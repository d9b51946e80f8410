import type { ModuleDefinition } from '@oblako/domain';
import { profileModule } from './profile/index';
import { documentsModule } from './documents/index';
import { adminModule } from './admin/index';
import { registrationModule } from './registration/index';
import { consultationsModule } from './consultations/index';
import { videoModule } from './video/index';
import { pushModule } from './push/index';
import { homeModule } from './home/index';

/**
 * The registry: the only place the PWA shell and the sync server learn which feature modules
 * exist. Removing a line removes that module's routes, navigation, collections and endpoints.
 */
export const MODULES: readonly ModuleDefinition[] = [
  profileModule,
  adminModule,
  registrationModule,
  documentsModule,
  consultationsModule,
  videoModule,
  pushModule,
  homeModule,
];
