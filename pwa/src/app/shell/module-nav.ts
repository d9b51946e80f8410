import type { ModuleDefinition, NavEntry, Role } from '@oblako/domain';

/** The navigation a role sees: entries of every registered module, in their order. */
export function buildNav(modules: readonly ModuleDefinition[], role: Role | null): NavEntry[] {
  return entriesFor(modules, role).filter((entry) => (entry.placement ?? 'main') === 'main');
}

/** The entries of the account menu (behind the person's icon) a role sees. */
export function buildAccountMenu(modules: readonly ModuleDefinition[], role: Role | null): NavEntry[] {
  return entriesFor(modules, role).filter((entry) => entry.placement === 'account');
}

function entriesFor(modules: readonly ModuleDefinition[], role: Role | null): NavEntry[] {
  if (!role) return [];
  return modules
    .flatMap((module) => module.nav ?? [])
    .filter((entry) => entry.roles.includes(role))
    .sort((a, b) => a.order - b.order || a.path.localeCompare(b.path));
}
