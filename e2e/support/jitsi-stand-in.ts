import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A stand-in Jitsi deployment on loopback (HTTPS, a throw-away self-signed certificate): its
 * `external_api.js` defines `JitsiMeetExternalAPI`, which records what the page gives it
 * (`window.__jitsiCalls`) and draws an empty frame. Every request it gets is listed.
 */
export async function startJitsiStandIn(): Promise<{ domain: string; requests: string[]; close(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'oblako-jitsi-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  const requests: string[] = [];
  const script = `
    window.__jitsiCalls = [];
    window.JitsiMeetExternalAPI = function (domain, options) {
      window.__jitsiCalls.push({ domain, roomName: options.roomName, jwt: options.jwt, displayName: options.userInfo && options.userInfo.displayName, src: document.currentScript ? document.currentScript.src : null });
      const frame = document.createElement('div');
      frame.setAttribute('data-testid', 'jitsi-stand-in');
      frame.textContent = 'Jitsi: ' + options.roomName;
      options.parentNode.appendChild(frame);
      this.addListener = () => undefined;
      this.executeCommand = () => undefined;
      this.dispose = () => frame.remove();
    };
  `;
  const server: Server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (request, response) => {
    requests.push(request.url ?? '');
    if ((request.url ?? '').split('?')[0] === '/external_api.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end(script);
      return;
    }
    response.writeHead(404);
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    domain: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close() {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
