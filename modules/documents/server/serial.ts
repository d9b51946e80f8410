/**
 * Runs tasks with the same key one after another (in this process): the quota and duplicate
 * checks of one patient's uploads read, decide and write as one step, so two uploads starting
 * or finishing at the same moment cannot both squeeze under the quota or both pass as new.
 */
export class SerialByKey {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}
