/**
 * What a handler decides for one request: a value (or an acknowledgement) or an error code,
 * and which address answers.
 * @module
 */

/** A handler's verdict on one request; a refusal may say which part of the request was at fault, for the request log. */
export type Reply =
  | { readonly ok: true; readonly srcAddr: number; readonly data: Uint8Array }
  | { readonly ok: false; readonly srcAddr: number; readonly code: number; readonly detail?: string };

const EMPTY = new Uint8Array(0);

/** A successful reply from `srcAddr` carrying `data` (empty for a write acknowledgement). */
export function ok(srcAddr: number, data: Uint8Array = EMPTY): Reply {
  return { ok: true, srcAddr, data };
}

/** An error reply from `srcAddr` carrying Scom error `code`; `detail` goes to the request log only. */
export function fail(srcAddr: number, code: number, detail?: string): Reply {
  return detail === undefined ? { ok: false, srcAddr, code } : { ok: false, srcAddr, code, detail };
}
