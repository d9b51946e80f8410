import type { RxDatabase } from 'rxdb';

/**
 * Read-modify-write of one RxDB local document (device-only state: pending changes, notices).
 * Local documents are shared by the tabs of this origin; incremental writes retry on a
 * concurrent change, so no tab overwrites another's update.
 */
export async function modifyLocal<T extends object>(db: RxDatabase, id: string, empty: T, change: (current: T) => T): Promise<void> {
  for (;;) {
    const existing = await db.getLocal<T>(id);
    if (existing) {
      await existing.incrementalModify((data: T) => change(data ?? empty));
      return;
    }
    try {
      await db.insertLocal<T>(id, change(empty));
      return;
    } catch (error) {
      // Another tab created it first: loop and modify theirs.
      if ((error as { status?: number }).status !== 409) throw error;
    }
  }
}
