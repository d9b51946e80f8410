import { InjectionToken } from '@angular/core';
import type { ModuleDefinition } from '@oblako/domain';
import { MODULES } from '@oblako/modules';

/**
 * The feature modules the shell runs with. Everything module-driven (routes, navigation,
 * collections, translations) reads this token, so tests can run the shell with any registry.
 */
export const MODULE_REGISTRY = new InjectionToken<readonly ModuleDefinition[]>('MODULE_REGISTRY', {
  providedIn: 'root',
  factory: () => MODULES,
});
