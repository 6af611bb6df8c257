/**
 * What a handler decides for one request: a value (or an acknowledgement) or an error code,
 * and which address answers.
 * @module
 */

/** A handler's verdict on one request; a refusal may say which part of the request was at fault, for the request log. */
export type Reply =
  | { readonly ok: true; readonly srcAddr: number; readonly data: Uint8Array; readonly propertyId?: number }
  | { readonly ok: false; readonly srcAddr: number; readonly code: number; readonly detail?: string };

const EMPTY = new Uint8Array(0);

/**
 * A successful reply from `srcAddr` carrying `data` (empty for a write acknowledgement), with
 * the request's property id, or `propertyId` (a file transfer answers with another one).
 */
export function ok(srcAddr: number, data: Uint8Array = EMPTY, propertyId?: number): Reply {
  return propertyId === undefined ? { ok: true, srcAddr, data } : { ok: true, srcAddr, data, propertyId };
}

/** An error reply from `srcAddr` carrying Scom error `code`; `detail` goes to the request log only. */
export function fail(srcAddr: number, code: number, detail?: string): Reply {
  return detail === undefined ? { ok: false, srcAddr, code } : { ok: false, srcAddr, code, detail };
}
