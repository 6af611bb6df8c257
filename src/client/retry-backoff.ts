/**
 * The pause before another attempt after a transient refusal (gateway busy, no response from
 * the device behind it): retried at once, every attempt would land in the same busy window.
 * @module
 */

/** The first pause, in milliseconds. */
export const RETRY_BASE_MS = 250;
/** The longest pause, in milliseconds. */
export const RETRY_MAX_MS = 4000;

/**
 * The pause before retry number `n` (1, 2, …): doubling from {@link RETRY_BASE_MS} up to
 * {@link RETRY_MAX_MS}, each drawn in its upper half so that clients sharing a gateway spread out.
 */
export function retryDelay(n: number, random: () => number): number {
  const ceiling = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (n - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
