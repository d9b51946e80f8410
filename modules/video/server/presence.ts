import { EventEmitter } from 'node:events';
import type { CallPresence, PresenceState } from '../api';
import type { CallRole } from '../join-window';

interface Entry {
  presence: CallPresence;
  patientId: string;
  doctorId?: string;
}

/**
 * Who of a consultation is connected to the signalling server right now (per server process:
 * both sides of a call must reach the same instance — see the README). Changes are emitted as
 * `change` events with the consultation's doctor, so the doctor's live stream needs no polling.
 */
export class PresenceRegistry extends EventEmitter<{ change: [presence: CallPresence, doctorId: string | undefined] }> {
  private readonly entries = new Map<string, Entry>();

  constructor() {
    super();
    this.setMaxListeners(0);
  }

  get(consultationId: string): CallPresence {
    return this.entries.get(consultationId)?.presence ?? { consultationId, patient: 'absent', doctor: 'absent' };
  }

  /** Everything a doctor should see now (the first frame of their live stream). */
  ofDoctor(doctorId: string): CallPresence[] {
    return [...this.entries.values()].filter((entry) => entry.doctorId === doctorId).map((entry) => entry.presence);
  }

  connected(consultationId: string, role: CallRole, parties: { patientId: string; doctorId?: string }, at: Date): void {
    const entry = this.entryOf(consultationId, parties);
    if (role === 'patient' && entry.presence.patient !== 'waiting' && entry.presence.patient !== 'in_call') {
      entry.presence.patientSince = at.toISOString();
    }
    entry.presence[role] = 'waiting';
    this.settle(entry);
  }

  disconnected(consultationId: string, role: CallRole): void {
    const entry = this.entries.get(consultationId);
    if (!entry) return;
    entry.presence[role] = 'left';
    if (role === 'patient') delete entry.presence.patientSince;
    this.settle(entry);
  }

  private entryOf(consultationId: string, parties: { patientId: string; doctorId?: string }): Entry {
    let entry = this.entries.get(consultationId);
    if (!entry) {
      entry = { presence: { consultationId, patient: 'absent', doctor: 'absent' }, ...parties };
      this.entries.set(consultationId, entry);
    }
    if (parties.doctorId) entry.doctorId = parties.doctorId;
    return entry;
  }

  /** Both connected → both in the call; one alone → waiting for the other. */
  private settle(entry: Entry): void {
    const { presence } = entry;
    const here = (state: PresenceState) => state === 'waiting' || state === 'in_call';
    const both = here(presence.patient) && here(presence.doctor);
    for (const role of ['patient', 'doctor'] as const) {
      if (here(presence[role])) presence[role] = both ? 'in_call' : 'waiting';
    }
    this.emit('change', { ...presence }, entry.doctorId);
  }
}
