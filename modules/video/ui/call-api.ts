import { Injectable, inject } from '@angular/core';
import { AccessToken, ApiClient, SW_BYPASS_HEADER } from '@oblako/shell-kit';
import { VIDEO_API, type CallPresence, type CallSummary, type CallTicket } from '../api';

const DEVICE_KEY = 'oblako.video.device';

/** This browser's device id for calls (the newer device of one person takes over the call). */
export function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id) {
    id = crypto.randomUUID().replaceAll('-', '');
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}

/** The video module's HTTP API as the PWA calls it. */
@Injectable({ providedIn: 'root' })
export class CallApi {
  private readonly api = inject(ApiClient);
  private readonly token = inject(AccessToken);

  ticket(consultationId: string): Promise<CallTicket> {
    return this.api.post<CallTicket>(VIDEO_API.ticket(consultationId), { deviceId: deviceId() });
  }

  end(consultationId: string): Promise<CallSummary> {
    return this.api.post<CallSummary>(VIDEO_API.end(consultationId), {});
  }

  log(consultationId: string): Promise<CallSummary> {
    return this.api.get<CallSummary>(VIDEO_API.log(consultationId));
  }

  presence(consultationId: string): Promise<CallPresence> {
    return this.api.get<CallPresence>(VIDEO_API.presence(consultationId));
  }

  async audioOnly(consultationId: string): Promise<void> {
    await this.api.post<unknown>(`/api/video/${encodeURIComponent(consultationId)}/events`, { kind: 'audio_only' }).catch(() => undefined);
  }

  /**
   * The doctor's live presence (server-sent events over fetch: EventSource cannot send the token).
   * Reconnects by itself after a network drop until `stop()` is called.
   */
  watchPresence(onPresence: (presence: CallPresence) => void, onConnected?: () => void): { stop(): void } {
    let stopped = false;
    let controller = new AbortController();
    const run = async (): Promise<void> => {
      while (!stopped) {
        try {
          const response = await fetch(VIDEO_API.presenceStream, {
            headers: { authorization: `Bearer ${await this.token.current()}`, [SW_BYPASS_HEADER]: '1' },
            cache: 'no-store',
            signal: controller.signal,
          });
          if (!response.ok || !response.body) throw new Error(`presence stream ${response.status}`);
          // A new stream starts with everything current: what the previous one said is forgotten.
          onConnected?.();
          await readEvents(response.body, onPresence);
        } catch {
          // Dropped or refused: try again shortly (the stream is what keeps the doctor informed).
        }
        if (!stopped) await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    };
    void run();
    return {
      stop() {
        stopped = true;
        controller.abort();
        controller = new AbortController();
      },
    };
  }
}

async function readEvents(body: ReadableStream<Uint8Array>, onPresence: (presence: CallPresence) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = frame.split('\n').find((line) => line.startsWith('data: '));
      if (data) onPresence(JSON.parse(data.slice(6)) as CallPresence);
    }
  }
}
