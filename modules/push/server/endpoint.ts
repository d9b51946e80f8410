import { BlockList, isIP } from 'node:net';

/**
 * Where the server may POST a push: only an https push service on the public internet. A
 * subscription is input from a device, so an endpoint pointing at loopback or the private
 * network would make the server an open proxy into its own network (SSRF). Names are checked
 * as written; a public name that resolves to a private address is the DNS operator's problem
 * and is not re-resolved here (say so in the README).
 */
const PRIVATE = new BlockList();
for (const [net, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['::ffff:0:0', 96]] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv6');
}
const LOCAL_NAMES = /(^|\.)(localhost|local|internal|lan|home|localdomain)$/i;

export type EndpointProblem = 'push_endpoint_invalid' | 'push_endpoint_not_https' | 'push_endpoint_private';

/** null when the server may send to this endpoint; otherwise the error code. */
export function endpointProblem(endpoint: string, allowPrivate: boolean): EndpointProblem | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'push_endpoint_invalid';
  }
  if (url.username || url.password || url.hash) return 'push_endpoint_invalid';
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) return url.protocol === 'http:' ? 'push_endpoint_not_https' : 'push_endpoint_invalid';
  if (allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const family = isIP(host);
  if (family === 4 && PRIVATE.check(host, 'ipv4')) return 'push_endpoint_private';
  if (family === 6 && PRIVATE.check(host, 'ipv6')) return 'push_endpoint_private';
  if (family === 0 && (LOCAL_NAMES.test(host) || !host.includes('.'))) return 'push_endpoint_private';
  return null;
}
