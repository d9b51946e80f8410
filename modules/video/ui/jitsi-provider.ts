import type { ExternalAPIOptions, JitsiMeetExternalAPI, JitsiMeetExternalAPIConstructor } from 'jitsi-meet';
import type { CallTicket } from '../api';
import { CallSignals, type VideoProvider } from './video-provider';

/**
 * Jitsi where a deployment is configured: its IFrame API, `external_api.js`, loaded at run time
 * from that deployment only (there is no npm package of it; the CSP allows exactly that domain),
 * joined with the consultation's room and this participant's JWT. Jitsi draws the call itself.
 */
export class JitsiProvider extends CallSignals implements VideoProvider {
  readonly drawsItself = true;
  private api: JitsiMeetExternalAPI | null = null;
  private muted = false;
  private cameraOff = false;

  constructor(private readonly ticket: CallTicket, private readonly displayName: string, private readonly startAudioOnly: boolean) {
    super();
  }

  async open(container?: HTMLElement): Promise<void> {
    const jitsi = this.ticket.jitsi!;
    const Api = await loadExternalApi(jitsi.domain);
    const options: ExternalAPIOptions = {
      roomName: jitsi.room,
      parentNode: container,
      width: '100%',
      height: '100%',
      userInfo: { displayName: this.displayName, email: '' },
      configOverwrite: { prejoinPageEnabled: false, startWithVideoMuted: this.startAudioOnly, disableDeepLinking: true } as ExternalAPIOptions['configOverwrite'],
    };
    if (jitsi.jwt) options.jwt = jitsi.jwt;
    this.api = new Api(jitsi.domain, options);
    this.api.addListener('videoConferenceJoined', () => this.link.set('connected'));
    this.api.addListener('readyToClose', () => this.link.set('ended'));
  }

  admit(): void {
    // The doctor is the room's moderator (JWT); the lobby lets the patient in.
  }

  otherSideBack(): void {
    // Jitsi reconnects participants itself.
  }

  setMuted(muted: boolean): void {
    if (muted !== this.muted) this.api?.executeCommand('toggleAudio');
    this.muted = muted;
  }

  setCameraOff(off: boolean): void {
    if (off !== this.cameraOff) this.api?.executeCommand('toggleVideo');
    this.cameraOff = off;
  }

  async replaceVideo(): Promise<void> {
    this.api?.executeCommand('toggleShareScreen');
  }

  sendChat(): void {
    // Jitsi's own chat is in its frame.
  }

  close(): void {
    this.api?.dispose();
    this.api = null;
  }
}

/** Loads `https://<domain>/external_api.js` once; the IFrame API defines a global constructor. */
function loadExternalApi(domain: string): Promise<JitsiMeetExternalAPIConstructor> {
  const global = window as unknown as { JitsiMeetExternalAPI?: JitsiMeetExternalAPIConstructor };
  if (global.JitsiMeetExternalAPI) return Promise.resolve(global.JitsiMeetExternalAPI);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    // Past the app's service worker: its fetches obey the worker's own CSP (connect-src 'self'),
    // which must not be widened; the page's script-src allows exactly this domain.
    script.src = `https://${domain}/external_api.js?ngsw-bypass=true`;
    script.async = true;
    script.onload = () => (global.JitsiMeetExternalAPI ? resolve(global.JitsiMeetExternalAPI) : reject(new Error('external_api.js defined no API')));
    script.onerror = () => reject(new Error(`external_api.js of ${domain} did not load`));
    document.head.appendChild(script);
  });
}
