/**
 * Watching the Xcom-232i's message log: each new message once, as it arrives.
 *
 * Every reply carries the "message pending" frame flag (spec §4.6.2): when a reply to any
 * request raises it, the watch reads the log down from message 0 to the newest message it
 * has already seen. Replies come only when someone asks something, and another reader of
 * message 0 (Studer's portal) clears the flag, so a check also runs every `intervalMs`. Each
 * check reads message 0, which clears the pending flag for every reader of the gateway.
 * @module
 */
import { XcomTimeoutError, XcomTransportError, type XcomError } from '../errors.js';
import type { FrameFlags } from '../protocol/frame-flags.js';
import { messageKey, messageReader, walkMessageLog } from './message-log.js';
import type { XcomMessage } from './results.js';
import type { XcomClient } from './xcom-client.js';

/** Options of {@link XcomClient.watchMessages}. */
export interface WatchMessagesOptions {
  /** Ends the watch: the iteration rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** How often the log is checked when no reply raised the pending flag, in ms (default 30 000). */
  readonly intervalMs?: number;
  /**
   * Called with each check the link failed (a timeout, a lost link); the watch goes on and
   * checks again at the next flag or interval. Without it such failures are skipped silently.
   */
  readonly onError?: (error: XcomError) => void;
}

/** The keys of {@link WatchMessagesOptions}, which the client checks at run time. */
export const WATCH_MESSAGES_OPTION_KEYS = ['signal', 'intervalMs', 'onError'] as const satisfies readonly (keyof WatchMessagesOptions)[];
// Fails to compile when the list misses a key of the interface.
type True<T extends true> = T;
type _WatchMessagesOptionKeys = True<[Exclude<keyof WatchMessagesOptions, (typeof WATCH_MESSAGES_OPTION_KEYS)[number]>] extends [never] ? true : false>;

/** What the watch needs of the client. */
export type MessageWatchClient = Pick<XcomClient, 'on' | 'off' | 'readMessage'>;

/** The most messages one check reads back: an older backlog is skipped. */
export const WATCH_BACKLOG = 100;
/** How many message keys the watch remembers. */
const KEYS_KEPT = 1000;

/** A bounded set of the keys seen, oldest forgotten first. */
class SeenKeys {
  private readonly keys = new Set<string>();
  has(key: string): boolean {
    return this.keys.has(key);
  }
  add(key: string): void {
    this.keys.add(key);
    if (this.keys.size > KEYS_KEPT) this.keys.delete(this.keys.values().next().value as string);
  }
}

/** A failure of the link, after which the watch goes on; anything else ends it. */
function isLinkFailure(error: unknown): error is XcomError {
  return error instanceof XcomTimeoutError || (error instanceof XcomTransportError && error.code !== 'CLOSED');
}

/**
 * Yields each message logged after the watch started, once (deduplicated by source, time and
 * number, spec §4.6.3), oldest first. Ends when the client is closed; rejects with the
 * signal's reason on abort, or with an error that is not the link's.
 */
export async function* watchMessageLog(client: MessageWatchClient, intervalMs: number, options: WatchMessagesOptions): AsyncGenerator<XcomMessage, void, undefined> {
  const { signal, onError } = options;
  const read = messageReader((index) => client.readMessage(index, signal === undefined ? {} : { signal }));
  const seen = new SeenKeys();
  let baseline = false;
  let due = true;
  let wake: (() => void) | undefined;
  const poke = (): void => {
    due = true;
    wake?.();
  };
  const onFlags = (flags: FrameFlags): void => {
    if (flags.messagePending) poke();
  };
  client.on('flags', onFlags);
  signal?.addEventListener('abort', poke);
  const timer = setInterval(poke, intervalMs);
  try {
    for (;;) {
      signal?.throwIfAborted();
      if (!due) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      signal?.throwIfAborted();
      due = false;
      let fresh: XcomMessage[];
      try {
        // The first check only learns where the log stands: what is there is not new.
        fresh = await walkMessageLog(read, baseline ? WATCH_BACKLOG : 1, (m) => seen.has(messageKey(m)));
      } catch (error) {
        signal?.throwIfAborted();
        if (error instanceof XcomTransportError && error.code === 'CLOSED') return;
        if (!isLinkFailure(error)) throw error;
        onError?.(error);
        continue;
      }
      if (!baseline) {
        for (const m of fresh) seen.add(messageKey(m));
        baseline = true;
        continue;
      }
      for (const message of fresh.reverse()) {
        const key = messageKey(message);
        if (seen.has(key)) continue;
        seen.add(key);
        yield message;
      }
    }
  } finally {
    clearInterval(timer);
    client.off('flags', onFlags);
    signal?.removeEventListener('abort', poke);
  }
}
