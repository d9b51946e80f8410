import { signal, type Signal } from '@angular/core';

/** The state of the call's link as the person sees it. */
export type CallLink = 'connecting' | 'waiting' | 'connected' | 'reconnecting' | 'ended' | 'replaced';
export type CallQuality = 'good' | 'fair' | 'poor';

export interface RemoteState {
  muted: boolean;
  cameraOff: boolean;
}

export interface ChatMessage {
  mine: boolean;
  text: string;
  at: string;
}

/**
 * One interface for the call's transport, chosen by the server's configuration (the ticket's
 * `provider`): the built-in PeerJS call or an embedded Jitsi deployment. The page around it is
 * the same; a transport that draws its own video (Jitsi) leaves `remoteStream` empty.
 */
/**
 * What every transport shows the call page, as writable signals the transport sets. A base class
 * rather than the interface alone: both transports declared the same six signals.
 */
export abstract class CallSignals {
  readonly link = signal<CallLink>('connecting');
  readonly remoteStream = signal<MediaStream | null>(null);
  readonly remoteState = signal<RemoteState>({ muted: false, cameraOff: false });
  readonly quality = signal<CallQuality>('good');
  readonly audioOnly = signal(false);
  readonly chat = signal<readonly ChatMessage[]>([]);
}

export interface VideoProvider {
  readonly link: Signal<CallLink>;
  readonly remoteStream: Signal<MediaStream | null>;
  readonly remoteState: Signal<RemoteState>;
  readonly quality: Signal<CallQuality>;
  readonly audioOnly: Signal<boolean>;
  readonly chat: Signal<readonly ChatMessage[]>;
  /** Whether this transport draws the call itself into `container` (Jitsi's iframe). */
  readonly drawsItself: boolean;
  /** Connects to the signalling (built-in) or joins the room (Jitsi). */
  open(container?: HTMLElement): Promise<void>;
  /** The doctor lets the patient in: the call starts. */
  admit(): void;
  /** Presence says the other side's device is back (after a cut): the doctor calls at once. */
  otherSideBack(): void;
  setMuted(muted: boolean): void;
  setCameraOff(off: boolean): void;
  /** Sends another video track (switched camera, screen sharing). */
  replaceVideo(track: MediaStreamTrack): Promise<void>;
  sendChat(text: string): void;
  close(): void;
}
