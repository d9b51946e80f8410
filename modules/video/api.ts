import type { CallRole, JoinWindow } from './join-window';

/** The HTTP API of the video module (all with `Authorization: Bearer`). */
export const VIDEO_API = {
  /** POST, body `CallTicketRequest` → `CallTicket`; refusals 403 / 404 / 409 (`VideoErrorCode`). */
  ticket: (consultationId: string) => `/api/video/${encodeURIComponent(consultationId)}/ticket`,
  /** GET → `CallPresence` of one consultation (its patient or doctor). */
  presence: (consultationId: string) => `/api/video/${encodeURIComponent(consultationId)}/presence`,
  /** GET, a text/event-stream of `CallPresence` for every consultation of the signed-in doctor. */
  presenceStream: '/api/video/presence/stream',
  /** POST (doctor) → `CallSummary`: ends the call for both and records its duration. */
  end: (consultationId: string) => `/api/video/${encodeURIComponent(consultationId)}/end`,
  /** GET → `CallSummary`: the call's events (joined, left, reconnected, audio only) and duration. */
  log: (consultationId: string) => `/api/video/${encodeURIComponent(consultationId)}/log`,
  /** The PeerJS signalling server's path (its WebSocket is `<path>/peerjs`). */
  peerPath: '/api/video/signal',
} as const;

/** PeerJS's `key`: not authentication (the call token is), only what the client must send. */
export const PEER_KEY = 'oblako';

export interface CallTicketRequest {
  /** A random id the device keeps (localStorage): the newer device of one person takes over. */
  deviceId: string;
}

export type CallProvider = 'peerjs' | 'jitsi';

export interface CallTicket {
  provider: CallProvider;
  consultationId: string;
  role: CallRole;
  window: JoinWindow;
  /** Whether the doctor has started the consultation (the patient waits until then). */
  status: 'scheduled' | 'in_progress';
  doctorName?: string;
  /** Built-in calls. */
  peer?: PeerTicket;
  /** Jitsi calls. */
  jitsi?: JitsiTicket;
}

export interface PeerTicket {
  /** The call token (PeerJS's `token` option): checked when the device connects. */
  token: string;
  /** The id this device registers with (issued by the server, not guessable). */
  peerId: string;
  /** The other side's id: the doctor calls it. */
  remotePeerId: string;
  path: string;
  key: string;
  /** RTCConfiguration.iceServers: STUN and TURN with time-limited credentials. */
  iceServers: IceServer[];
  expiresAt: string;
}

export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

export interface JitsiTicket {
  domain: string;
  room: string;
  /** Absent when the deployment has no token authentication configured. */
  jwt?: string;
}

/** `waiting`: connected before the doctor admitted them (or before the doctor joined). */
export type PresenceState = 'absent' | 'waiting' | 'in_call' | 'left';

export interface CallPresence {
  consultationId: string;
  patient: PresenceState;
  doctor: PresenceState;
  /** When the patient came in (and is still there). */
  patientSince?: string;
}

export type CallEventKind = 'joined' | 'left' | 'reconnected' | 'replaced' | 'audio_only' | 'ended';

export interface CallEvent {
  kind: CallEventKind;
  role: CallRole;
  at: string;
}

export interface CallSummary {
  consultationId: string;
  events: CallEvent[];
  /** First moment both were connected. */
  startedAt?: string;
  endedAt?: string;
  durationSeconds?: number;
}
