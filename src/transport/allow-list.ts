/**
 * Which peers a listener accepts: addresses and CIDR ranges, IPv4 and IPv6, with IPv4-mapped
 * IPv6 addresses (`::ffff:192.168.1.50`, what a dual-stack listener reports) matching their
 * IPv4 form both ways.
 * @module
 */
import { BlockList, isIP } from 'node:net';
import { XcomValidationError } from '../errors.js';
import { normalizeAddress } from './options.js';

const CIDR = /^([^/]+)\/(\d{1,3})$/;
const MAPPED = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** A parsed `allow` option. */
export class AllowList {
  private readonly list = new BlockList();

  private constructor(
    /** The entries as given, normalised, for messages. */
    readonly entries: readonly string[],
  ) {}

  /**
   * Parses `['192.168.1.50', '10.0.0.0/8', 'fd00::/8', '::ffff:127.0.0.1']`; anything else is an
   * `XcomValidationError` naming `field` (host names are refused: peers are matched by the
   * address they connect from).
   */
  static parse(owner: string, field: string, value: unknown): AllowList {
    const fail = (entry: unknown): never => {
      throw new XcomValidationError(
        `${owner}: option ${field} must be a list of IP addresses or CIDR ranges (192.168.1.50, 192.168.1.0/24, fd00::/8), got ${typeof entry === 'string' ? JSON.stringify(entry) : String(entry)}`,
        field,
      );
    };
    if (!Array.isArray(value)) fail(value);
    const entries: string[] = [];
    const parsed: Array<{ address: string; prefix: number | undefined; family: 'ipv4' | 'ipv6' }> = [];
    for (const entry of value as unknown[]) {
      if (typeof entry !== 'string') fail(entry);
      const text = (entry as string).trim();
      const range = CIDR.exec(text);
      let address = range?.[1] ?? text;
      let prefix = range === null ? undefined : Number(range[2]);
      const version = isIP(address);
      if (version === 0) fail(entry);
      if (prefix !== undefined && prefix > (version === 4 ? 32 : 128)) fail(entry);
      const mapped = MAPPED.exec(address);
      if (mapped?.[1] !== undefined && (prefix === undefined || prefix >= 96)) {
        // An IPv4-mapped range is an IPv4 range: store it as one, so that it reads as the user means.
        address = mapped[1];
        if (prefix !== undefined) prefix -= 96;
      }
      const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
      address = normalizeAddress(address);
      parsed.push({ address, prefix, family });
      entries.push(prefix === undefined ? address : `${address}/${prefix}`);
    }
    const allow = new AllowList(entries);
    for (const { address, prefix, family } of parsed) {
      if (prefix === undefined) allow.list.addAddress(address, family);
      else allow.list.addSubnet(address, prefix, family);
    }
    return allow;
  }

  /** Whether a peer connecting from `address` is allowed (IPv4-mapped addresses match their IPv4 form). */
  allows(address: string): boolean {
    const plain = normalizeAddress(address);
    const version = isIP(plain);
    if (version === 0) return false;
    if (version === 6) return this.list.check(plain, 'ipv6');
    // An IPv6 range that covers the mapped space (::ffff:0:0/96, ::/0) covers IPv4 peers too.
    return this.list.check(plain, 'ipv4') || this.list.check(`::ffff:${plain}`, 'ipv6');
  }

  /** The entries, comma-separated, as `?allow=` takes them. */
  toString(): string {
    return this.entries.join(',');
  }
}
