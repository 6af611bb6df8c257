/**
 * Which messages on a `/set` topic are commands to execute. A command is executed at most
 * once, never from a retained message, and never twice from one publication:
 *
 * - A retained message is a command published once and replayed by the broker to whoever
 *   subscribes (the bridge after each restart, each reconnection): executing it would repeat
 *   an old write at an arbitrary later time. It is refused, and the bridge clears it.
 * - A QoS 1 message may be delivered again, with the `dup` flag and the same packet id, when
 *   the broker did not see our acknowledgement. The bridge subscribes with a clean session (so
 *   the broker keeps nothing for us across reconnections: no command queued during an outage
 *   runs after it), and this gate drops a `dup` delivery whose packet id, topic and payload it
 *   has already let through on this connection. A `dup` delivery it has not seen (the first
 *   copy was lost) is a first delivery and is let through.
 * - An empty payload is no command: it is also what clearing a retained command sends.
 * @module
 */

/** What the gate needs of a message. */
export interface GateMessage {
  /** The topic. */
  readonly topic: string;
  /** The payload. */
  readonly payload: Uint8Array;
  /** Retained (or published retained, with MQTT 5's retain-as-published). */
  readonly retain: boolean;
  /** A redelivery, by the sender of this hop. */
  readonly dup: boolean;
  /** The packet id (QoS 1 and 2). */
  readonly messageId?: number | undefined;
}

/** The gate's verdict: execute it, or why not. */
export type GateVerdict = 'execute' | 'retained' | 'duplicate' | 'empty';

/** How many deliveries the gate remembers. */
const KEPT = 1000;

/** Remembers the deliveries of one connection and judges each new one. */
export class CommandGate {
  private readonly seen = new Set<string>();

  /**
   * @param kept how many deliveries are remembered (the oldest are forgotten first); a
   *   redelivery follows its first copy within a few packets, so a thousand is plenty
   */
  constructor(private readonly kept = KEPT) {}

  /** Judges a message, and remembers it when it is to be executed. */
  admit(message: GateMessage): GateVerdict {
    if (message.payload.length === 0) return 'empty';
    if (message.retain) return 'retained';
    if (message.messageId === undefined) return 'execute';
    const key = `${message.messageId}\u0000${message.topic}\u0000${Buffer.from(message.payload).toString('base64')}`;
    if (message.dup && this.seen.has(key)) return 'duplicate';
    // A new message that reuses a packet id replaces the old entry, and moves it to the end.
    this.seen.delete(key);
    this.seen.add(key);
    if (this.seen.size > this.kept) this.seen.delete(this.seen.values().next().value as string);
    return 'execute';
  }

  /** Forgets everything: a new connection, whose clean session restarts the packet ids. */
  reset(): void {
    this.seen.clear();
  }
}
