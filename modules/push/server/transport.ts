import http from 'node:http';
import https from 'node:https';

export interface PushRequest {
  endpoint: string;
  method: string;
  headers: Record<string, string | number>;
  body: Buffer | null;
}

export interface PushResponse {
  statusCode: number;
  body: string;
}

const TIMEOUT_MS = 15_000;

/**
 * Sends one prepared web-push request (web-push's generateRequestDetails: encrypted aes128gcm
 * body, VAPID Authorization, TTL, Urgency, Topic). Our own transport instead of
 * sendNotification for two reasons: keep-alive connections (a push service is one host; a
 * new TLS handshake per message halves the rate), and plain http for the loopback stand-in of
 * tests, which only PUSH_ALLOW_PRIVATE_ENDPOINTS lets through (endpoint.ts).
 */
export class PushTransport {
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });

  send(request: PushRequest, signal?: AbortSignal): Promise<PushResponse> {
    const url = new URL(request.endpoint);
    const secure = url.protocol === 'https:';
    const module = secure ? https : http;
    return new Promise((resolve, reject) => {
      const outgoing = module.request(url, {
        method: request.method,
        headers: request.headers,
        agent: secure ? this.httpsAgent : this.httpAgent,
        timeout: TIMEOUT_MS,
        ...(signal ? { signal } : {}),
      }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (body.length < 500) body += chunk;
        });
        response.on('end', () => resolve({ statusCode: response.statusCode ?? 0, body: body.slice(0, 500) }));
        response.on('error', reject);
      });
      outgoing.on('timeout', () => outgoing.destroy(new Error('push service timed out')));
      outgoing.on('error', reject);
      outgoing.end(request.body ?? undefined);
    });
  }

  close(): void {
    this.httpsAgent.destroy();
    this.httpAgent.destroy();
  }
}
