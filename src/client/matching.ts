/**
 * The rule that tells whether a received frame answers the request in flight. The protocol has
 * no request id, so every field the reply echoes is compared, and the source address must be
 * one that may answer for the request's destination.
 * @module
 */
import { FAMILIES, MULTICAST_ADDRESSES } from '../catalogue/families.js';
import { datalogReplyProperties } from '../protocol/file-transfer.js';
import type { ScomMessage } from '../protocol/service.js';

/** What a request asked: the fields a reply must echo. */
export interface RequestKey {
  /** Our own address (the reply's destination). */
  readonly srcAddr: number;
  /** The address the request went to. */
  readonly dstAddr: number;
  /** 1 read, 2 write. */
  readonly serviceId: number;
  /** The object type. */
  readonly objectType: number;
  /** The object id. */
  readonly objectId: number;
  /** The property id (for multi-info, the sequence number the gateway echoes). */
  readonly propertyId: number;
}

/**
 * Whether `source` may answer a request sent to `dstAddr`: the address itself, or, for a
 * multicast or phase address, any unicast address of its family (the spec does not say which
 * source a multicast answer carries).
 */
export function mayAnswerFor(dstAddr: number, source: number): boolean {
  if (source === dstAddr) return true;
  const families = MULTICAST_ADDRESSES.get(dstAddr);
  if (families === undefined) return false;
  return families.some((family) => {
    const info = FAMILIES[family];
    return source >= info.firstAddress && source <= info.lastAddress;
  });
}

const sourceCache = new Map<number, ReadonlySet<number>>();

/** Every source address that may answer a request sent to `dstAddr` (see {@link mayAnswerFor}). */
export function sourcesOf(dstAddr: number): ReadonlySet<number> {
  let sources = sourceCache.get(dstAddr);
  if (sources === undefined) {
    const set = new Set<number>([dstAddr]);
    for (const family of MULTICAST_ADDRESSES.get(dstAddr) ?? []) {
      const info = FAMILIES[family];
      for (let a = info.firstAddress; a <= info.lastAddress; a++) set.add(a);
    }
    sources = set;
    sourceCache.set(dstAddr, sources);
  }
  return sources;
}

/** Whether one source address could answer requests sent to both `a` and `b`. */
export function shareSource(a: number, b: number): boolean {
  if (a === b) return true;
  const sa = sourcesOf(a);
  for (const s of sourcesOf(b)) if (sa.has(s)) return true;
  return false;
}

/**
 * Whether a reply to `request` may carry property `propertyId`: the request's own, or for a
 * step of a file transfer (object type 0x0101) the property that answers it (Start,
 * Ack_Continue and Nack_Retry are answered by Datablock or Finish, Abort by Finish: spec
 * §4.8.3). Error replies echo the request's own.
 */
export function acceptsProperty(request: Omit<RequestKey, 'srcAddr' | 'dstAddr'>, propertyId: number): boolean {
  return propertyId === request.propertyId || datalogReplyProperties(request.objectType, request.serviceId, request.propertyId).includes(propertyId);
}

/**
 * Whether `reply` may answer `request` by every field it echoes but the addresses: the same
 * service, object type and object id, and a property {@link acceptsProperty} allows.
 */
export function mayAnswerQuestion(request: Omit<RequestKey, 'srcAddr' | 'dstAddr'>, reply: Omit<RequestKey, 'srcAddr' | 'dstAddr'>): boolean {
  return reply.serviceId === request.serviceId && reply.objectType === request.objectType && reply.objectId === request.objectId && acceptsProperty(request, reply.propertyId);
}

/** Whether one reply could answer both `a` and `b` (the addresses aside): the same object, and a property both accept. */
export function shareAnswer(a: Omit<RequestKey, 'srcAddr' | 'dstAddr'>, b: Omit<RequestKey, 'srcAddr' | 'dstAddr'>): boolean {
  if (a.serviceId !== b.serviceId || a.objectType !== b.objectType || a.objectId !== b.objectId) return false;
  if (acceptsProperty(b, a.propertyId)) return true;
  return datalogReplyProperties(a.objectType, a.serviceId, a.propertyId).some((p) => acceptsProperty(b, p));
}

/** Whether two requests ask the same thing (service, object type, object id, property id). */
export function sameQuestion(a: Omit<RequestKey, 'srcAddr' | 'dstAddr'>, b: Omit<RequestKey, 'srcAddr' | 'dstAddr'>): boolean {
  return a.serviceId === b.serviceId && a.objectType === b.objectType && a.objectId === b.objectId && a.propertyId === b.propertyId;
}

/**
 * Why a frame is not the answer, or `undefined` when it is. For diagnostics. `pinnedSource`,
 * when given, is the one unit accepted for a phase or multicast destination.
 */
export function mismatch(request: RequestKey, reply: ScomMessage, pinnedSource?: number): string | undefined {
  if (!reply.isResponse) return 'not a response';
  if (reply.dstAddr !== request.srcAddr) return `addressed to ${reply.dstAddr}`;
  if (reply.serviceId !== request.serviceId) return `service ${reply.serviceId}`;
  if (reply.objectType !== request.objectType) return `object type ${reply.objectType}`;
  if (reply.objectId !== request.objectId) return `object ${reply.objectId}`;
  if (!acceptsProperty(request, reply.propertyId)) return `property ${reply.propertyId}`;
  if (!mayAnswerFor(request.dstAddr, reply.srcAddr)) return `from ${reply.srcAddr}`;
  if (pinnedSource !== undefined && reply.srcAddr !== pinnedSource) return `from ${reply.srcAddr}, not ${pinnedSource} that answers ${request.dstAddr}`;
  return undefined;
}

/** Whether `reply` answers `request` (see {@link mismatch}). */
export function isAnswerTo(request: RequestKey, reply: ScomMessage): boolean {
  return mismatch(request, reply) === undefined;
}
