/**
 * Runs `task` in the browser's idle time, at the latest after `timeoutMs`; where there is no
 * `requestIdleCallback` (Safari), in the next task. For work the page will want soon but that
 * must not hold what the person does now (loading code while they type).
 */
export function runWhenIdle(task: () => unknown, timeoutMs: number): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => void task(), { timeout: timeoutMs });
  else setTimeout(() => void task(), 0);
}
