/** What the browser gave us, or why not. */
export type MediaOutcome =
  | { ok: true; stream: MediaStream; audioOnly: boolean }
  | { ok: false; reason: 'denied' | 'no_device' | 'in_use' | 'unsupported' };

export type Facing = 'user' | 'environment';

/** Camera (front by default) and microphone; echo cancellation on (a phone's speaker is loud). */
export async function openMedia(options: { video: boolean; facing?: Facing }): Promise<MediaOutcome> {
  if (!navigator.mediaDevices?.getUserMedia) return { ok: false, reason: 'unsupported' };
  try {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      video: options.video ? { facingMode: options.facing ?? 'user', width: { ideal: 1280 }, height: { ideal: 720 } } : false,
    });
    return { ok: true, stream, audioOnly: !options.video };
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  }
}

/** A new camera track facing the other way (phones: front ↔ back). */
export async function cameraTrack(facing: Facing): Promise<MediaStreamTrack | null> {
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { exact: facing } } });
    return stream.getVideoTracks()[0] ?? null;
  } catch {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: facing } });
      return stream.getVideoTracks()[0] ?? null;
    } catch {
      return null;
    }
  }
}

export async function hasCamera(): Promise<boolean> {
  try {
    return (await navigator.mediaDevices.enumerateDevices()).some((device) => device.kind === 'videoinput');
  } catch {
    return false;
  }
}

export function stopStream(stream: MediaStream | null | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

function reasonOf(error: unknown): 'denied' | 'no_device' | 'in_use' | 'unsupported' {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'no_device';
  if (name === 'NotReadableError' || name === 'AbortError') return 'in_use';
  return 'unsupported';
}

/** Which help the person needs to allow camera and microphone, from the browser they use. */
export type BrowserHelp = 'androidChrome' | 'androidYandex' | 'iphone' | 'desktopChrome' | 'desktopFirefox' | 'desktopSafari';

export function browserHelp(userAgent: string): BrowserHelp {
  if (/iPhone|iPad|iPod/.test(userAgent)) return 'iphone';
  if (/Android/.test(userAgent)) return /YaBrowser/.test(userAgent) ? 'androidYandex' : 'androidChrome';
  if (/Firefox\//.test(userAgent)) return 'desktopFirefox';
  if (/Safari\//.test(userAgent) && !/Chrome\/|Chromium\//.test(userAgent)) return 'desktopSafari';
  return 'desktopChrome';
}
