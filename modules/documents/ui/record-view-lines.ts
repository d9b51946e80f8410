import type { RecordView } from '@oblako/domain';

/** Reads of one document by one person within this time are one line («и ещё 2 раза»). */
export const FOLD_WINDOW_MS = 60 * 60_000;

/** «Иванова Анна Петровна» → «Иванова А. П.»; a name of one word, or already short, stays. */
export function shortName(fullName: string): string {
  const [surname, ...rest] = fullName.trim().split(/\s+/);
  if (!surname) return '';
  const initials = rest.map((part) => `${part[0]!.toUpperCase()}.`).join(' ');
  return initials ? `${surname} ${initials}` : surname;
}

export type Gender = 'f' | 'm' | 'unknown';

/**
 * For «открыла» / «открыл»: Russian patronymics say it (-вна, -чна, -кызы / -вич, -ич, -оглы).
 * Without one, both forms are shown («открыл(а)»): a wrong guess about a person is worse.
 */
export function genderOf(fullName: string): Gender {
  const words = fullName.trim().toLowerCase().split(/\s+/);
  const patronymic = words.length >= 3 ? words.slice(2).join(' ') : '';
  if (/(вна|чна|шна|кызы)$/.test(patronymic)) return 'f';
  if (/(вич|ич|оглы|улы)$/.test(patronymic)) return 'm';
  return 'unknown';
}

export interface FoldedView {
  /** The newest read of the group (the list is newest first). */
  entry: RecordView;
  /** How many reads the line stands for (1 = just this one). */
  times: number;
}

/**
 * Repeated reads of the same document by the same person within an hour of the newest one make
 * one line: a doctor paging through a scan is one look for the patient. Entries come newest
 * first (as the server lists them) and the order is kept.
 */
export function foldRepeats(entries: readonly RecordView[], windowMs = FOLD_WINDOW_MS): FoldedView[] {
  const folded: FoldedView[] = [];
  const open = new Map<string, FoldedView>();
  for (const entry of entries) {
    const key = `${entry.actor.id}\u0000${entry.action}\u0000${entry.subject.documentId ?? entry.subject.id}`;
    const group = open.get(key);
    if (group && Date.parse(group.entry.at) - Date.parse(entry.at) <= windowMs) {
      group.times++;
      continue;
    }
    const line = { entry, times: 1 };
    open.set(key, line);
    folded.push(line);
  }
  return folded;
}
