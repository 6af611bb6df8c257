/**
 * What one connection has taught the client about multi-info: whether the gateway answers it
 * (Xcom-232i/LAN firmware 1.6.74 and later), and which items fail when batched.
 * @module
 */
import type { XcomDeviceError } from '../errors.js';

/**
 * Multi-info knowledge of one connection. Forgotten on every (re)connect: the gateway at the
 * other end may have changed, been updated, or the units behind it come back.
 */
export class MultiInfoSupport {
  /** `true` once a multi-info request was answered, `false` once one was refused with SERVICE_NOT_SUPPORTED. */
  supported: boolean | undefined;
  /** The refusal that set {@link supported} to `false`. */
  refusal: XcomDeviceError | undefined;
  /**
   * Keys of items that failed with a device error when read alone (a unit switched off, an
   * info the firmware lacks): they are read alone from then on, so that one of them does not
   * cost a refused batch and its re-reading on every poll. Read successfully, they rejoin the
   * batches.
   */
  readonly isolated = new Set<string>();

  /** Forgets everything (a new connection). */
  reset(): void {
    this.supported = undefined;
    this.refusal = undefined;
    this.isolated.clear();
  }
}
