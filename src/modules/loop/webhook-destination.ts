import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { AppError } from '../../kernel/errors.ts';

/**
 * Webhooks are sent by the server, from inside its network: a destination on loopback, link-local
 * (cloud metadata), private, CGNAT, multicast or otherwise non-public addresses would let whoever
 * may register a webhook reach services no outsider can. Such addresses are refused unless the
 * admin allows them (TENURE_WEBHOOK_ALLOW_PRIVATE): `*`, host names, or CIDRs.
 */
export type AllowList = readonly string[];

/** Why an address is not public ('unicast' is the only range ipaddr.js calls public), or null. */
export function nonPublicRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'invalid';
  // ipaddr.process turns ::ffff:10.0.0.1 into 10.0.0.1, so mapped addresses get the IPv4 verdict.
  const range = ipaddr.process(address).range();
  return range === 'unicast' ? null : range;
}

function allowed(allow: AllowList, host: string, address: string): boolean {
  if (allow.includes('*') || allow.includes(host.toLowerCase())) return true;
  const ip = ipaddr.process(address);
  return allow.some((entry) => {
    if (!entry.includes('/') && !ipaddr.isValid(entry)) return false;
    try {
      const [net, bits] = entry.includes('/')
        ? ipaddr.parseCIDR(entry)
        : [ipaddr.process(entry), entry.includes(':') ? 128 : 32];
      const range =
        net.kind() === 'ipv6' && (net as ipaddr.IPv6).isIPv4MappedAddress()
          ? (net as ipaddr.IPv6).toIPv4Address()
          : net;
      return ip.kind() === range.kind() && ip.match(range, bits);
    } catch {
      return false;
    }
  });
}

/** The error code the delivery log shows as "destination not allowed". */
export const BLOCKED_CODE = 'ETENURE_BLOCKED';

const blocked = (host: string, range: string) =>
  Object.assign(new Error(`${host} resolves to a ${range} address`), { code: BLOCKED_CODE });

/** Checks one resolved address of `host`; throws the blocked error when it is not allowed. */
export function checkAddress(allow: AllowList, host: string, address: string): void {
  const range = nonPublicRange(address);
  if (range !== null && !allowed(allow, host, address)) throw blocked(host, range);
}

const bareHost = (u: URL) => u.hostname.replace(/^\[|\]$/g, '');

/**
 * Refuses (400) a webhook URL whose host resolves to an address that is not allowed. Delivery
 * checks again against the address it actually connects to, since DNS can change in between.
 */
export async function assertWebhookDestination(allow: AllowList, url: string): Promise<void> {
  const u = new URL(url);
  const host = bareHost(u);
  let addresses: string[];
  if (net.isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await dns.promises.lookup(host, { all: true })).map((a) => a.address);
    } catch {
      // A name that does not resolve yet (or not from here) is kept: every delivery checks the
      // address it connects to, so it cannot reach a refused address later either.
      addresses = [];
    }
  }
  for (const a of addresses) {
    try {
      checkAddress(allow, host, a);
    } catch (err) {
      // The address itself is not echoed: the answer would map internal DNS for the caller.
      throw new AppError(
        'bad_request',
        `Webhook refused: ${(err as Error).message}. Only public addresses are allowed unless an admin allows this host with TENURE_WEBHOOK_ALLOW_PRIVATE.`,
        { field: 'url', range: nonPublicRange(a) },
      );
    }
  }
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for http(s).request that resolves the host once, refuses non-allowed addresses and
 * hands the socket exactly the address it checked: the connection is pinned to it, so a second
 * DNS answer (rebinding) never reaches the socket.
 */
export function pinnedLookup(allow: AllowList) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      try {
        for (const a of addresses) checkAddress(allow, hostname, a.address);
      } catch (e) {
        return callback(e as NodeJS.ErrnoException, []);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }), []);
      callback(null, first.address, first.family);
    });
  };
}

/**
 * The delivery log is readable by managers: it names what went wrong in a few words, never the
 * network's own message (addresses, ports, resolver details would make it a port scanner).
 */
export function describeNetworkError(err: unknown): string {
  const e = err as { code?: string; name?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code ?? '';
  if (code === BLOCKED_CODE) return 'destination not allowed';
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || code === 'ETIMEDOUT') return 'timed out';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'connection reset';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA') return 'host not found';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'host unreachable';
  if (/CERT|TLS|SSL|EPROTO/.test(code)) return 'TLS error';
  return 'network error';
}
