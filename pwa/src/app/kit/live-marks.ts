import { Injectable, computed, signal, type Signal } from '@angular/core';

/** A short live state of a record, published by the module that knows it. */
export interface LiveMark {
  /** A translation key of the publishing module (the text the row shows). */
  key: string;
  /** `attention`: the person should act now (a patient waiting); `info`: for their knowledge. */
  tone: 'attention' | 'info';
}

/**
 * Live marks on records another module lists: the video module publishes «Пациент ждёт в комнате
 * ожидания» per consultation from its presence stream, the consultations pages («Мой день», the
 * consultation page) show it on that consultation's row — neither module imports the other.
 */
@Injectable({ providedIn: 'root' })
export class LiveMarks {
  /** Publisher → record id → mark. */
  private readonly published = signal<ReadonlyMap<string, ReadonlyMap<string, LiveMark>>>(new Map());
  private readonly byRecord = computed(() => {
    const all = new Map<string, LiveMark[]>();
    for (const marks of this.published().values()) {
      for (const [recordId, mark] of marks) all.set(recordId, [...(all.get(recordId) ?? []), mark]);
    }
    return all;
  });

  /** Replaces everything `publisher` marks (an empty map clears it). */
  publish(publisher: string, marks: ReadonlyMap<string, LiveMark>): void {
    this.published.update((all) => new Map(all).set(publisher, marks));
  }

  /** The marks of every record, live. */
  readonly all: Signal<ReadonlyMap<string, readonly LiveMark[]>> = this.byRecord;
}
