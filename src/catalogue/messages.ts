/**
 * The texts of the RCC / Xcom-232i messages.
 * @module
 */
import { MESSAGES } from './messages.generated.js';
import type { RccMessage } from './types.js';

let byType: Map<number, RccMessage> | undefined;

/** The message with number `type` (the `type` of a message record), if the appendix lists it. */
export function findMessage(type: number): RccMessage | undefined {
  byType ??= new Map(MESSAGES.map((m) => [m.type, m]));
  return byType.get(type);
}

/**
 * The appendix's text of message `type` ("Warning (016): Fan error detected"), or `undefined`
 * for a number the appendix does not list.
 */
export function messageText(type: number): string | undefined {
  return findMessage(type)?.text;
}
