import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router } from '@angular/router';
import { Store } from '@ngrx/store';
import { LiveMarks, TranslationService, selectUser, type LiveMark } from '@oblako/shell-kit';
import { distinctUntilChanged, map } from 'rxjs';
import type { CallPresence } from '../api';
import { CallApi } from './call-api';

/**
 * For a signed-in doctor, whichever page is open («Мой день», the consultation page, …): the
 * live presence stream (server-sent events, no polling) and, when a patient arrives in a waiting
 * room the doctor is not in, a notice «Пациент ждёт…» with «Открыть» into that call.
 */
@Injectable({ providedIn: 'root' })
export class WaitingPatients {
  private readonly api = inject(CallApi);
  private readonly snackBar = inject(MatSnackBar);
  private readonly router = inject(Router);
  private readonly i18n = inject(TranslationService);
  private readonly store = inject(Store);
  private readonly marks = inject(LiveMarks);
  private watch: { stop(): void } | null = null;
  private started = false;
  /** The latest presence per consultation of this doctor (the call page reads it too). */
  readonly presence = signal<ReadonlyMap<string, CallPresence>>(new Map());
  /** Arrivals already announced (consultation + arrival time). */
  private readonly announced = new Set<string>();

  constructor() {
    inject(DestroyRef).onDestroy(() => this.watch?.stop());
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.store
      .select(selectUser)
      .pipe(map((user) => (user?.role === 'doctor' ? user.id : null)), distinctUntilChanged())
      .subscribe((doctorId) => {
        this.watch?.stop();
        // Another person (or none) signed in: nothing of the previous one's stays on screen.
        this.presence.set(new Map());
        this.publishMarks();
        this.watch = doctorId ? this.api.watchPresence(
          (presence) => this.onPresence(presence),
          () => {
            this.presence.set(new Map());
            this.publishMarks();
          },
        ) : null;
      });
  }

  private publishMarks(): void {
    const marks = new Map<string, LiveMark>();
    for (const [consultationId, presence] of this.presence()) {
      const mark = presenceMark(presence);
      if (mark) marks.set(consultationId, mark);
    }
    this.marks.publish('video', marks);
  }

  private onPresence(presence: CallPresence): void {
    this.presence.update((all) => new Map(all).set(presence.consultationId, presence));
    this.publishMarks();
    const doctorThere = presence.doctor === 'waiting' || presence.doctor === 'in_call';
    if (presence.patient !== 'waiting' || doctorThere || !presence.patientSince) return;
    const key = `${presence.consultationId}@${presence.patientSince}`;
    if (this.announced.has(key)) return;
    this.announced.add(key);
    if (this.router.url.startsWith(`/video/${encodeURIComponent(presence.consultationId)}`)) return;
    this.snackBar
      .open(this.i18n.t('video.waiting.patientHere'), this.i18n.t('video.open'), { duration: 60_000 })
      .onAction()
      .subscribe(() => void this.router.navigate(['/video', presence.consultationId]));
  }
}

/** The patient's presence as a mark on the consultation's rows («Мой день», the consultation page). */
export function presenceMark(presence: CallPresence): LiveMark | null {
  if (presence.patient === 'waiting') return { key: 'video.mark.patientWaiting', tone: 'attention' };
  if (presence.patient === 'in_call') return { key: 'video.mark.inCall', tone: 'info' };
  return null;
}

/** What the video module does whichever page is open (ModuleUi.loadBackground). */
export function startVideoBackground(): void {
  inject(WaitingPatients).start();
}
