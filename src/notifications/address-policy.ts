/**
 * The SSRF guard for webhook targets. Pure apart from the resolver it is given.
 *
 * A URL must be http(s) without credentials. Every address its host resolves to must be public:
 * loopback, private (RFC 1918, fc00::/7), link-local, CGNAT, unspecified, multicast and reserved
 * ranges are refused unless the policy allows private targets (`WEBHOOK_ALLOW_PRIVATE=true`,
 * for installations whose receivers live on the internal network). Cloud metadata endpoints are
 * refused even then: no receiver lives there and a leaked credential is the worst outcome.
 *
 * The check runs at creation and again at connect time: the sender resolves the name itself and
 * connects to the address it checked, so a name that re-resolves to 127.0.0.1 (DNS rebinding) fails.
 */
import { BlockList, isIP } from 'node:net';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address (as `dns.promises.lookup(name, { all: true })`). */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface AddressPolicy {
  allowPrivate: boolean;
}

const METADATA = new BlockList();
METADATA.addAddress('169.254.169.254', 'ipv4');
METADATA.addAddress('169.254.170.2', 'ipv4'); // ECS task metadata
METADATA.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud metadata
METADATA.addAddress('fd00:ec2::254', 'ipv6');

const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", includes 0.0.0.0
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['100::', 64],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

export type AddressVerdict = { allowed: true } | { allowed: false; reason: string };

/** IPv4 carried in an IPv6 address (`::ffff:a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`), if any. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const high = parseInt(hex[1], 16);
    const low = parseInt(hex[2], 16);
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  return null;
}

/** Whether one IP address may be connected to under the policy. */
export function judgeAddress(address: string, policy: AddressPolicy): AddressVerdict {
  const inner = embeddedIpv4(address);
  if (inner !== null) return judgeAddress(inner, policy);
  const family = isIP(address);
  if (family === 0) return { allowed: false, reason: `"${address}" is not an IP address` };
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (METADATA.check(address, type)) return { allowed: false, reason: `${address} is a cloud metadata address` };
  if (!policy.allowPrivate && NON_PUBLIC.check(address, type)) {
    return { allowed: false, reason: `${address} is a loopback, private, link-local or reserved address (set WEBHOOK_ALLOW_PRIVATE=true to allow internal receivers)` };
  }
  return { allowed: true };
}

export type UrlVerdict = { allowed: true; url: URL } | { allowed: false; reason: string };

/** The syntactic part of the check: scheme, credentials, host present. */
export function parseWebhookUrl(raw: string): UrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { allowed: false, reason: 'is not an absolute URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { allowed: false, reason: 'must use http or https' };
  if (url.username !== '' || url.password !== '') return { allowed: false, reason: 'must not carry credentials; use the subscription secret' };
  if (url.hostname === '') return { allowed: false, reason: 'has no host' };
  return { allowed: true, url };
}

/** The host as a resolver or `isIP` wants it (URL keeps IPv6 literals in brackets). */
export function bareHostname(url: URL): string {
  return url.hostname.startsWith('[') && url.hostname.endsWith(']') ? url.hostname.slice(1, -1) : url.hostname;
}

/**
 * Resolves a host and answers the addresses to connect to, or why not. Every address must pass:
 * a name with one public and one private record is refused rather than tried in some order.
 */
export async function resolveAllowedAddresses(hostname: string, policy: AddressPolicy, resolve: HostResolver): Promise<{ addresses: ResolvedAddress[] } | { reason: string }> {
  const literal = isIP(hostname);
  let addresses: ResolvedAddress[];
  if (literal !== 0) {
    addresses = [{ address: hostname, family: literal as 4 | 6 }];
  } else {
    try {
      addresses = await resolve(hostname);
    } catch (error) {
      return { reason: `${hostname} does not resolve (${error instanceof Error ? error.message : String(error)})` };
    }
    if (addresses.length === 0) return { reason: `${hostname} does not resolve` };
  }
  for (const { address } of addresses) {
    const verdict = judgeAddress(address, policy);
    if (!verdict.allowed) return { reason: literal !== 0 ? verdict.reason : `${hostname} resolves to ${verdict.reason}` };
  }
  return { addresses };
}

/** The whole check a webhook URL passes at creation (and the sender repeats at connect time). */
export async function checkWebhookUrl(raw: string, policy: AddressPolicy, resolve: HostResolver): Promise<UrlVerdict> {
  const parsed = parseWebhookUrl(raw);
  if (!parsed.allowed) return parsed;
  const resolved = await resolveAllowedAddresses(bareHostname(parsed.url), policy, resolve);
  if ('reason' in resolved) return { allowed: false, reason: `is refused: ${resolved.reason}` };
  return parsed;
}
