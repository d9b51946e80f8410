import { Peer, type DataConnection, type MediaConnection } from 'peerjs';
import type { CallTicket, PeerTicket } from '../api';
import { CallSignals, type CallQuality, type VideoProvider } from './video-provider';

/** What travels on the data channel beside the media. */
type ControlMessage =
  | { type: 'state'; muted: boolean; cameraOff: boolean; audioOnly: boolean }
  | { type: 'chat'; text: string; at: string };

/** How often the doctor's side checks whether to call again while the media is not connected. */
const RECALL_MS = 3000;
/** A call still unanswered after this long is tried again (a slow phone must get time to answer). */
const PENDING_CALL_MS = 8000;
const STATS_MS = 2000;
/** Weak samples in a row before sending video stops (6 s): regional mobile links come and go. */
const POOR_SAMPLES_FOR_AUDIO_ONLY = 3;
/** Samples without a single byte received before the link counts as cut (4 s). */
const STALLED_SAMPLES_FOR_CUT = 2;

export interface PeerProviderOptions {
  ticket: CallTicket;
  local: MediaStream;
  /** A fresh ticket (the call token is short-lived) to reconnect the signalling. */
  renewTicket(): Promise<CallTicket>;
  /** The server told this device to stop (another device took over, the doctor ended the call). */
  onServerMessage(message: string): void;
  onAudioOnly(): void;
}

/**
 * The built-in 1:1 call: WebRTC with the `peerjs` client and our own signalling server. The
 * doctor calls the patient (admission) and calls again whenever the media link is lost; the
 * patient answers every call, the newest replacing the old. Lost signalling (network switch,
 * Wi-Fi → mobile) is rebuilt with a fresh ticket, without reloading the page.
 */
export class PeerProvider extends CallSignals implements VideoProvider {
  readonly drawsItself = false;

  private peer: Peer | null = null;
  private media: MediaConnection | null = null;
  private data: DataConnection | null = null;
  private admitted = false;
  private closed = false;
  private muted = false;
  private cameraOff = false;
  private poorSamples = 0;
  private recallTimer: ReturnType<typeof setInterval> | null = null;
  private statsTimer: ReturnType<typeof setInterval> | null = null;
  private rebuilding = false;
  private lastInboundBytes = 0;
  private stalledSamples = 0;
  private calledAt = 0;

  constructor(private readonly options: PeerProviderOptions) {
    super();
  }

  private get ticket(): PeerTicket {
    return this.options.ticket.peer!;
  }

  private get isDoctor(): boolean {
    return this.options.ticket.role === 'doctor';
  }

  async open(): Promise<void> {
    await this.connectSignalling(this.ticket);
    this.link.set('waiting');
    this.statsTimer = setInterval(() => void this.sampleQuality(), STATS_MS);
    window.addEventListener('online', this.onOnline);
  }

  admit(): void {
    if (!this.isDoctor) return;
    this.admitted = true;
    this.call();
    this.recallTimer ??= setInterval(() => {
      if (this.link() !== 'connected' && this.peer?.open && !this.closed && Date.now() - this.calledAt > PENDING_CALL_MS) this.call();
    }, RECALL_MS);
  }

  /** The other side's device is connected again (presence): the doctor calls at once. */
  otherSideBack(): void {
    // Not twice for one return: a call placed a moment ago is still being answered.
    if (this.isDoctor && this.admitted && !this.closed && this.link() !== 'connected' && Date.now() - this.calledAt > 1500) this.call();
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    for (const track of this.options.local.getAudioTracks()) track.enabled = !muted;
    this.sendState();
  }

  setCameraOff(off: boolean): void {
    this.cameraOff = off;
    for (const track of this.options.local.getVideoTracks()) track.enabled = !off && !this.audioOnly();
    this.sendState();
  }

  async replaceVideo(track: MediaStreamTrack): Promise<void> {
    const sender = this.media?.peerConnection?.getSenders().find((candidate) => candidate.track?.kind === 'video');
    if (sender) await sender.replaceTrack(track);
  }

  sendChat(text: string): void {
    const message: ControlMessage = { type: 'chat', text, at: new Date().toISOString() };
    this.send(message);
    this.chat.update((list) => [...list, { mine: true, text, at: message.at }]);
  }

  /** Bytes of media received so far (tests and the bench read it through the page). */
  async inboundBytes(): Promise<number> {
    const stats = await this.media?.peerConnection?.getStats();
    let bytes = 0;
    stats?.forEach((report: { type?: string; bytesReceived?: number }) => {
      if (report.type === 'inbound-rtp') bytes += report.bytesReceived ?? 0;
    });
    return bytes;
  }

  close(): void {
    this.closed = true;
    window.removeEventListener('online', this.onOnline);
    if (this.recallTimer) clearInterval(this.recallTimer);
    if (this.statsTimer) clearInterval(this.statsTimer);
    this.media?.close();
    this.data?.close();
    this.peer?.destroy();
  }

  private connectSignalling(ticket: PeerTicket): Promise<void> {
    const secure = location.protocol === 'https:';
    const peer = new Peer(ticket.peerId, {
      host: location.hostname,
      port: Number(location.port) || (secure ? 443 : 80),
      secure,
      path: ticket.path,
      key: ticket.key,
      token: ticket.token,
      config: { iceServers: ticket.iceServers },
      debug: 0,
    });
    this.peer = peer;
    peer.on('call', (incoming) => this.answer(incoming));
    peer.on('connection', (connection) => this.useData(connection));
    peer.on('disconnected', () => {
      if (this.peer === peer && !this.closed) void this.rebuildSignalling();
    });
    peer.on('error', (error) => {
      const message = String((error as Error).message ?? '');
      if (error.type === 'server-error' && /replaced_by_another_device|call_ended/.test(message)) {
        this.link.set(message.includes('replaced') ? 'replaced' : 'ended');
        this.options.onServerMessage(message.includes('replaced') ? 'replaced_by_another_device' : 'call_ended');
        this.close();
        return;
      }
      if (this.peer === peer && !this.closed && (error.type === 'network' || error.type === 'socket-error' || error.type === 'socket-closed')) {
        void this.rebuildSignalling();
      }
    });
    return new Promise((resolve, reject) => {
      peer.once('open', () => resolve());
      peer.once('error', (error) => reject(error));
    });
  }

  /** A new signalling connection with a fresh token, once the network is back. */
  private async rebuildSignalling(): Promise<void> {
    if (this.rebuilding) return;
    this.rebuilding = true;
    if (this.link() === 'connected') this.link.set('reconnecting');
    try {
      while (!this.closed) {
        if (navigator.onLine) {
          try {
            const ticket = await this.options.renewTicket();
            if (!ticket.peer) return;
            const old = this.peer;
            this.peer = null;
            old?.destroy();
            await this.connectSignalling(ticket.peer);
            return;
          } catch {
            // Not yet: the next try follows.
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    } finally {
      this.rebuilding = false;
    }
  }

  private readonly onOnline = (): void => {
    if (!this.peer?.open && !this.closed) void this.rebuildSignalling();
  };

  private call(): void {
    if (!this.peer?.open) return;
    this.calledAt = Date.now();
    this.media?.close();
    this.watchMedia(this.peer.call(this.ticket.remotePeerId, this.options.local));
    this.data?.close();
    this.useData(this.peer.connect(this.ticket.remotePeerId, { reliable: true }));
  }

  private answer(incoming: MediaConnection): void {
    if (this.media && this.media !== incoming) this.media.close();
    incoming.answer(this.options.local);
    this.watchMedia(incoming);
  }

  private watchMedia(connection: MediaConnection): void {
    this.media = connection;
    this.lastInboundBytes = 0;
    this.stalledSamples = 0;
    if (this.link() !== 'connected') this.link.set(this.link() === 'waiting' ? 'connecting' : this.link());
    connection.on('stream', (stream) => {
      if (this.media !== connection) return;
      this.remoteStream.set(stream);
      this.link.set('connected');
    });
    connection.on('close', () => {
      if (this.media === connection && !this.closed) this.link.set('reconnecting');
    });
    const pc = connection.peerConnection;
    pc?.addEventListener('iceconnectionstatechange', () => {
      if (this.media !== connection || this.closed) return;
      const state = pc.iceConnectionState;
      if (state === 'connected' || state === 'completed') {
        if (this.remoteStream()) this.link.set('connected');
      } else if (state === 'disconnected' || state === 'failed') {
        this.link.set('reconnecting');
        // Re-admission by the doctor's retry loop; a failed link needs a new call at once.
        if (state === 'failed' && this.isDoctor && this.admitted) this.call();
      }
    });
  }

  private useData(connection: DataConnection): void {
    if (this.data && this.data !== connection) this.data.close();
    this.data = connection;
    connection.on('open', () => this.sendState());
    connection.on('data', (raw) => this.receive(raw as ControlMessage));
  }

  private receive(message: ControlMessage): void {
    if (message?.type === 'state') this.remoteState.set({ muted: message.muted, cameraOff: message.cameraOff || message.audioOnly });
    if (message?.type === 'chat' && typeof message.text === 'string') {
      this.chat.update((list) => [...list, { mine: false, text: message.text.slice(0, 2000), at: message.at }]);
    }
  }

  private sendState(): void {
    this.send({ type: 'state', muted: this.muted, cameraOff: this.cameraOff, audioOnly: this.audioOnly() });
  }

  private send(message: ControlMessage): void {
    if (this.data?.open) void this.data.send(message);
  }

  /** The media link is cut: shown as «Восстанавливаем связь…»; the doctor calls again at once. */
  private lost(): void {
    this.stalledSamples = 0;
    this.lastInboundBytes = 0;
    this.link.set('reconnecting');
    if (this.isDoctor && this.admitted) this.call();
  }

  /** Round-trip time and loss of the media link → the indicator; a lasting weak link → audio only. */
  private async sampleQuality(): Promise<void> {
    const pc = this.media?.peerConnection;
    if (!pc || this.link() !== 'connected') return;
    // Nothing at all received for two samples (not even audio), or the connection is gone: the
    // link is cut (a network switch takes ICE a while to notice). The doctor calls again.
    if (pc.connectionState === 'closed' || pc.connectionState === 'failed') return this.lost();
    const stats = await pc.getStats();
    let rtt = 0;
    let lost = 0;
    let received = 0;
    let bytes = 0;
    stats.forEach((report: Record<string, unknown>) => {
      if (report['type'] === 'candidate-pair' && report['nominated'] && typeof report['currentRoundTripTime'] === 'number') rtt = report['currentRoundTripTime'];
      if (report['type'] === 'inbound-rtp') {
        lost += Number(report['packetsLost'] ?? 0);
        received += Number(report['packetsReceived'] ?? 0);
        bytes += Number(report['bytesReceived'] ?? 0);
      }
    });
    const stalled = bytes === this.lastInboundBytes;
    this.lastInboundBytes = bytes;
    this.stalledSamples = stalled ? this.stalledSamples + 1 : 0;
    if (this.stalledSamples >= STALLED_SAMPLES_FOR_CUT) return this.lost();
    const loss = received + lost > 0 ? lost / (received + lost) : 0;
    const level: CallQuality = stalled || rtt > 0.6 || loss > 0.08 ? 'poor' : rtt > 0.3 || loss > 0.03 ? 'fair' : 'good';
    this.quality.set(level);
    this.poorSamples = level === 'poor' && !stalled ? this.poorSamples + 1 : 0;
    if (this.poorSamples >= POOR_SAMPLES_FOR_AUDIO_ONLY && !this.audioOnly()) {
      this.audioOnly.set(true);
      for (const track of this.options.local.getVideoTracks()) track.enabled = false;
      this.sendState();
      this.options.onAudioOnly();
    }
  }
}
