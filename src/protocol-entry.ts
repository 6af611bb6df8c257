/**
 * `xcom-ts/protocol`: the Scom wire format and the request/reply machinery under
 * {@link xcom-ts!XcomClient}, for people who build their own gateway, proxy, sniffer or test
 * tool. Pure and synchronous except {@link RequestHandler}, which drives a transport.
 *
 * - Frames: {@link encodeFrame}, {@link decodeFrame}, and {@link FrameDecoder} for a byte
 *   stream (skips garbage, resynchronises, holds at most one frame).
 * - Services: {@link encodeRequest}, {@link encodeResponse}, {@link decodeMessage}; values:
 *   {@link encodeValue}, {@link decodeValue}; multi-info and message records.
 * - Matching a reply to its request ({@link mismatch}, {@link isAnswerTo}) and
 *   {@link RequestHandler}: one request in flight, timeouts, retries, late-reply quarantine.
 *
 * Most applications need none of this: `xcom-ts` is the client.
 *
 * @example
 * ```ts
 * import { FrameDecoder, SERVICE_READ, decodeMessage, encodeRequest, toHex } from 'xcom-ts/protocol';
 *
 * // Read user info 3000 (battery voltage) of the first Xtender: the bytes to send.
 * const bytes = encodeRequest({ srcAddr: 1, dstAddr: 101, serviceId: SERVICE_READ, objectType: 1, objectId: 3000, propertyId: 1 });
 * console.log(toHex(bytes));
 * // Whole frames out of a byte stream, however it is chunked.
 * const decoder = new FrameDecoder();
 * for (const frame of decoder.push(bytes)) console.log(decodeMessage(frame));
 * ```
 * @module xcom-ts/protocol
 */
export * from './protocol/index.js';
export { aggregationCode, aggregationOf } from './client/aggregation.js';
export { type RequestKey, acceptsProperty, isAnswerTo, mayAnswerFor, mismatch, sameQuestion, shareSource, sourcesOf } from './client/matching.js';
export {
  type AttemptPolicy,
  type FlagsListener,
  type HandlerRequest,
  RequestHandler,
  type RequestHandlerOptions,
} from './client/request-handler.js';
export { emptyStats } from './client/stats.js';
