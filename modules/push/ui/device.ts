/**
 * What the browser is, for the list of devices and for the iPhone explanation. Pure: the
 * caller passes navigator's values, so tests can pose as any phone.
 */
export interface DeviceFacts {
  userAgent: string;
  /** `display-mode: standalone` or navigator.standalone (iOS): opened from the home screen. */
  standalone: boolean;
  maxTouchPoints: number;
}

export function isIos(facts: DeviceFacts): boolean {
  // iPadOS 13+ says «Macintosh» but has a touch screen.
  return /iPhone|iPad|iPod/.test(facts.userAgent) || (/Macintosh/.test(facts.userAgent) && facts.maxTouchPoints > 1);
}

/** iOS major.minor from «OS 16_4 like Mac OS X», or null. */
export function iosVersion(userAgent: string): number | null {
  const match = /OS (\d+)[_.](\d+)/.exec(userAgent);
  return match ? Number(match[1]) + Number(match[2]) / 100 : null;
}

/**
 * On an iPhone web push works only for an app added to the home screen, from iOS 16.4
 * (WebKit, «Web Push for Web Apps on iOS and iPadOS», 2023): in Safari's tab there is no
 * PushManager at all, so the app explains instead of offering a button that cannot work.
 */
export function needsHomeScreen(facts: DeviceFacts): boolean {
  return isIos(facts) && !facts.standalone;
}

export function iosTooOld(facts: DeviceFacts): boolean {
  const version = iosVersion(facts.userAgent);
  return isIos(facts) && version !== null && version < 16.04;
}

/** «Chrome, Android», «Safari, iPhone», «Firefox, Windows»: enough to tell one's devices apart. */
export function deviceName(userAgent: string): string {
  const browser = /Edg\//.test(userAgent) ? 'Edge'
    : /YaBrowser\//.test(userAgent) ? 'Яндекс Браузер'
      : /OPR\//.test(userAgent) ? 'Opera'
        : /Firefox\//.test(userAgent) ? 'Firefox'
          : /(Chrome|Chromium|CriOS)\//.test(userAgent) ? 'Chrome'
            : /Safari\//.test(userAgent) ? 'Safari' : 'Браузер';
  const system = /iPhone/.test(userAgent) ? 'iPhone'
    : /iPad/.test(userAgent) ? 'iPad'
      : /Android/.test(userAgent) ? 'Android'
        : /Windows/.test(userAgent) ? 'Windows'
          : /Mac OS X|Macintosh/.test(userAgent) ? 'Mac'
            : /Linux/.test(userAgent) ? 'Linux' : '';
  return system ? `${browser}, ${system}` : browser;
}

/** The server's id of a device: the first 32 hex digits of sha-256 of its endpoint. */
export async function deviceIdOf(endpoint: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(endpoint));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('').slice(0, 32);
}
