/**
 * Which reverse proxies in front of the server are believed (STEPDOWN_TRUST_PROXY, decision 8):
 * none, a number of hops, or a list of addresses and CIDR ranges. Never "every hop": then the
 * left-most X-Forwarded-For entry, which the client writes itself, would become its address.
 *
 * The client's address is the right-most X-Forwarded-For entry that is not a trusted proxy, found
 * by walking back from the peer one hop at a time. X-Forwarded-Proto and -Host are read only when
 * the peer itself is trusted (Stepdown builds its own links from STEPDOWN_PUBLIC_URL anyway).
 */
import { BlockList, isIP } from 'node:net';

/** `false`, a number of proxy hops, or the proxies' addresses and CIDR ranges. */
export type ProxyTrust = false | number | readonly string[];

/** What Fastify's `trustProxy` option is given: a function of (address, hop index), or nothing. */
export type TrustFunction = (address: string, hop: number) => boolean;

const MAX_HOPS = 10;

export const TRUST_PROXY_HELP =
  'use false (nothing in front), the number of proxies in front (for example 1), or their addresses and CIDR ranges separated by commas (for example 127.0.0.1,::1 or 10.0.0.0/8)';

/** Why an address or CIDR range is not one, or undefined when it is. */
function addressProblem(entry: string): string | undefined {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return `"${entry}" is not an IPv4 or IPv6 address or CIDR range`;
  if (prefix === undefined) return undefined;
  const bits = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > bits) {
    return `"${entry}": the prefix length after / must be a whole number from 0 to ${bits}`;
  }
  return undefined;
}

/** Parses STEPDOWN_TRUST_PROXY; the error names what to write instead. */
export function parseProxyTrust(value: string): { ok: true; trust: ProxyTrust } | { ok: false; message: string } {
  const text = value.trim();
  if (text === '' || text === 'false') return { ok: true, trust: false };
  if (text === 'true') {
    return {
      ok: false,
      message: `true would trust every hop, so any client could choose its own address; ${TRUST_PROXY_HELP}`,
    };
  }
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops < 1 || hops > MAX_HOPS) {
      return {
        ok: false,
        message: `a number of proxies must be from 1 to ${MAX_HOPS} (0 means false); ${TRUST_PROXY_HELP}`,
      };
    }
    return { ok: true, trust: hops };
  }
  const entries = text.split(',').map((entry) => entry.trim());
  const problems = entries.map((entry) => (entry === '' ? 'an empty entry between commas' : addressProblem(entry)));
  const first = problems.find((problem) => problem !== undefined);
  if (first !== undefined) return { ok: false, message: `${first}; ${TRUST_PROXY_HELP}` };
  return { ok: true, trust: entries };
}

/**
 * The function Fastify calls for each hop, or false. A number is not handed to Fastify as it is:
 * Fastify 5 then ignores X-Forwarded-For altogether (it cannot check the peer), so every client
 * behind the proxy would share the proxy's address and its limits.
 */
export function trustFunction(trust: ProxyTrust): TrustFunction | false {
  if (trust === false) return false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  const list = new BlockList();
  for (const entry of trust) {
    const [address = '', prefix] = entry.split('/');
    const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return (address) => {
    const family = isIP(address);
    return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
}

/** How the setting reads in a log line or a start-up message. */
export function describeProxyTrust(trust: ProxyTrust): string {
  if (trust === false) return 'no proxy trusted';
  if (typeof trust === 'number') return `${trust} proxy hop${trust === 1 ? '' : 's'} trusted`;
  return `proxies trusted: ${trust.join(', ')}`;
}
