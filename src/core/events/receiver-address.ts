// Where webhooks may go: http(s) URLs whose host resolves to public addresses only, unless the operator allows private
// networks (WEBHOOK_ALLOW_PRIVATE_NETWORKS=true). Checked when an endpoint is saved and again at every connection, so
// a name later pointed at an internal address is refused too.
import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

export const MAX_RECEIVER_URL_LENGTH = 2048;

export type ReceiverUrlProblem = 'invalid-url' | 'private-network' | 'unresolvable';

export class ReceiverUrlError extends Error {
  override readonly name = 'ReceiverUrlError';
  constructor(
    readonly problem: ReceiverUrlProblem,
    message: string,
  ) {
    super(message);
  }
}

// Special-purpose ranges (IANA registries for IPv4 and IPv6) that are not the public internet.
const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv6');
}

/** The IPv4 address an IPv6 address embeds (IPv4-mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96), if any. */
function embeddedIpv4(address: string): string | undefined {
  const match = /^(?:::ffff:|64:ff9b::)(?:0:)?([0-9a-f.:]+)$/i.exec(address);
  if (!match) return undefined;
  const tail = match[1]!;
  if (isIP(tail) === 4) return tail;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(tail);
  if (!hex) return undefined;
  const high = parseInt(hex[1]!, 16);
  const low = parseInt(hex[2]!, 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/** Whether an IP address belongs to a loopback, private, link-local or otherwise non-public range. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  if (family !== 6) return true;
  const v4 = embeddedIpv4(address);
  if (v4 !== undefined) return PRIVATE.check(v4, 'ipv4');
  return PRIVATE.check(address, 'ipv6');
}

/** Parses a receiver URL: http or https, no credentials, at most 2,048 characters. */
export function parseReceiverUrl(raw: string): URL {
  if (raw.length > MAX_RECEIVER_URL_LENGTH) {
    throw new ReceiverUrlError('invalid-url', `The URL is longer than ${MAX_RECEIVER_URL_LENGTH} characters.`);
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ReceiverUrlError('invalid-url', 'The URL is not an absolute http or https URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ReceiverUrlError('invalid-url', 'The URL must use https (or http).');
  }
  if (url.username || url.password) {
    throw new ReceiverUrlError('invalid-url', 'The URL must not carry a user name or password; the signature authenticates deliveries.');
  }
  return url;
}

/** URL host without the brackets of an IPv6 literal. */
const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

export type ResolveAll = (host: string) => Promise<string[]>;

const resolveWithDns: ResolveAll = (host) =>
  new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses.map((a) => a.address)))),
  );

/**
 * Refuses a receiver whose host is, or resolves to, a non-public address unless private networks are allowed.
 * Returns the addresses the host resolved to.
 */
export async function assertReceiverAllowed(url: URL, allowPrivate: boolean, resolveAll: ResolveAll = resolveWithDns): Promise<string[]> {
  const host = hostOf(url);
  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    try {
      addresses = await resolveAll(host);
    } catch {
      throw new ReceiverUrlError('unresolvable', `The host ${host} could not be resolved.`);
    }
    if (addresses.length === 0) throw new ReceiverUrlError('unresolvable', `The host ${host} has no address.`);
  }
  if (!allowPrivate) {
    const blocked = addresses.find(isPrivateAddress);
    if (blocked !== undefined) {
      throw new ReceiverUrlError(
        'private-network',
        `The host ${host} is on a private network (${blocked}); set WEBHOOK_ALLOW_PRIVATE_NETWORKS=true to allow such receivers.`,
      );
    }
  }
  return addresses;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for node:http(s) requests that refuses private addresses at connection time (a name re-pointed after it
 * was saved cannot reach an internal service). IP-literal hosts skip lookup: check them with assertReceiverAllowed.
 */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true, verbatim: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const blocked = allowPrivate ? undefined : addresses.find((a) => isPrivateAddress(a.address));
      if (blocked) {
        const refused = Object.assign(new Error(`${hostname} resolved to the private address ${blocked.address}`), { code: 'EPRIVATENETWORK' });
        return callback(refused, []);
      }
      if ((options as LookupAllOptions).all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
      return callback(null, first.address, first.family);
    });
  };
}
