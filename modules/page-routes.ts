/**
 * A module's pages without the registry: every module keeps its pages in `<id>/ui/routes.ts`
 * (its `ui.loadRoutes`), and a module mounted at `/<id>` can have them loaded by its id alone.
 *
 * Why: the registry (modules/registry.ts) holds every module's definition, strings and rules; the
 * shell learns a module's `ui.loadRoutes` only once it has arrived and run, so a start at
 * `/consultations` fetched the registry, then the routes, then the page, each waiting for the one
 * before (bench/README.md, bench:lighthouse). The start-up prefetch uses this to fetch the page a
 * start opens beside the registry. The router still builds every route from the registry: this
 * only warms the same chunks (the import is the very module `ui.loadRoutes` imports). A module
 * whose `ui.path` is not its id is simply left to the registry (a spec checks every registered one).
 */
import type { Routes } from '@angular/router';

export async function loadPageRoutesById(moduleId: string): Promise<Routes | undefined> {
  if (!/^[a-z][a-z-]*$/.test(moduleId)) return undefined;
  // One chunk per module, the same chunks `ui.loadRoutes` loads (esbuild maps the pattern to the files).
  const exported = Object.values((await import(`./${moduleId}/ui/routes.ts`)) as Record<string, unknown>).filter(Array.isArray);
  // A routes file with one table: the module's pages (two tables: which one is not known here).
  return exported.length === 1 ? (exported[0] as Routes) : undefined;
}
