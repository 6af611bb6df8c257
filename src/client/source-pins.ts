/**
 * Which unit answers a phase or multicast address. The spec does not say which source a
 * multicast answer carries, so the first read of such an address accepts any unit of its
 * family; from then on only the unit that answered is accepted, so that another unit's late
 * reply can never pass for it. A phase master can change: a read to the address that times out,
 * or a new link, forgets what was learnt.
 * @module
 */
import { isMulticastAddress } from '../catalogue/families.js';

/** The unicast source learnt for each phase or multicast address. */
export class SourcePins {
  private readonly pins = new Map<number, number>();

  /** The source a reply to a read of `dstAddr` must come from, if one was learnt. */
  sourceFor(dstAddr: number): number | undefined {
    return this.pins.get(dstAddr);
  }

  /** Remembers that `source` answered a read of `dstAddr` (only phase and multicast addresses). */
  learn(dstAddr: number, source: number): void {
    if (isMulticastAddress(dstAddr)) this.pins.set(dstAddr, source);
  }

  /** Forgets what answers `dstAddr` (a read to it timed out). */
  forget(dstAddr: number): void {
    this.pins.delete(dstAddr);
  }

  /** Forgets everything (the link was re-established). */
  clear(): void {
    this.pins.clear();
  }
}
