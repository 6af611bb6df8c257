/**
 * The replies waiting for one link, sent one after the other as on a half-duplex line, and
 * bounded: a peer that asks faster than the simulator answers (or never reads) cannot make
 * the simulator hold more than a few replies for it.
 * @module
 */
import type { SimLink } from './sim-link.js';
import type { SimTimers } from './timers.js';

/** Raised inside a task whose link went away: the task stops, and nothing more is written. */
export class LinkGone extends Error {
  constructor() {
    super('the link went away');
    this.name = 'LinkGone';
  }
}

/** What a {@link ReplyLine} reports to its endpoint. */
export interface ReplyLineHooks {
  /** A task failed other than by its link going (a write error): the line goes on. */
  readonly error: (error: unknown) => void;
  /** `count` replies were thrown away unsent because their link went. */
  readonly discarded: (count: number) => void;
}

/** One piece of work on the line: a reply, injected bytes, a drop of the link. */
type Task = (line: ReplyLine) => Promise<void>;

interface Entry {
  readonly run: Task;
  /** Whether it counts against the bound (a reply), unlike injected bytes or a drop. */
  readonly isReply: boolean;
  readonly done: () => void;
}

/**
 * The queue of one link. Tasks run one at a time; {@link ReplyLine.pause} and
 * {@link ReplyLine.write} throw {@link LinkGone} as soon as the link ends, so a reply never
 * outlives its link, whatever it was waiting for.
 */
export class ReplyLine {
  private readonly entries: Entry[] = [];
  private replies = 0;
  private running = false;
  private ended = false;
  /** Interrupts the pause or the write in progress when the link ends. */
  private interrupt: (() => void) | undefined;
  private readonly idleWaiters: (() => void)[] = [];

  /**
   * @param link where the replies go
   * @param limit the most replies queued or in transmission at once
   * @param timers where pauses are timed
   * @param hooks told of failures and discarded replies
   */
  constructor(
    readonly link: SimLink,
    readonly limit: number,
    private readonly timers: SimTimers,
    private readonly hooks: ReplyLineHooks,
  ) {}

  /** Replies queued or in transmission. */
  get depth(): number {
    return this.replies;
  }

  /** Whether a new reply would exceed the bound (or the link is gone). */
  get isFull(): boolean {
    return this.ended || this.replies >= this.limit;
  }

  /** Queues a reply; returns false, queuing nothing, when the line is full or its link gone. */
  offer(run: Task): boolean {
    if (this.isFull) return false;
    this.replies++;
    this.add({ run, isReply: true, done: () => undefined });
    return true;
  }

  /** Queues work outside the bound (injected bytes, a drop); resolves when done or discarded. */
  push(run: Task): Promise<void> {
    if (this.ended) return Promise.resolve();
    return new Promise((resolve) => this.add({ run, isReply: false, done: resolve }));
  }

  /** Resolves when nothing is queued or running. */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Waits `ms` on the line's timers (not at all when `ms <= 0`); throws {@link LinkGone} if the link ends meanwhile. */
  async pause(ms: number): Promise<void> {
    if (this.ended) throw new LinkGone();
    if (!(ms > 0)) return;
    await new Promise<void>((resolve, reject) => {
      const handle = this.timers.setTimeout(() => {
        this.interrupt = undefined;
        resolve();
      }, ms);
      this.interrupt = () => {
        this.timers.clearTimeout(handle);
        reject(new LinkGone());
      };
    });
  }

  /** Writes on the link; throws {@link LinkGone} when the link is gone or goes before the write completes. */
  async write(bytes: Uint8Array): Promise<void> {
    if (this.ended || !this.link.isUp) throw new LinkGone();
    const written = this.link.write(bytes);
    await new Promise<void>((resolve, reject) => {
      this.interrupt = () => reject(new LinkGone());
      written.then(
        () => {
          this.interrupt = undefined;
          resolve();
        },
        (error: unknown) => {
          this.interrupt = undefined;
          reject(this.ended ? new LinkGone() : error);
        },
      );
    });
  }

  /** The link is gone: queued work is discarded, the task in progress stops at once. Idempotent. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const queued = this.entries.splice(0);
    const discarded = queued.filter((e) => e.isReply).length;
    this.replies -= discarded;
    for (const entry of queued) entry.done();
    if (discarded > 0) this.hooks.discarded(discarded);
    const interrupt = this.interrupt;
    this.interrupt = undefined;
    interrupt?.();
  }

  private add(entry: Entry): void {
    this.entries.push(entry);
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    for (let entry = this.entries.shift(); entry !== undefined; entry = this.entries.shift()) {
      try {
        await entry.run(this);
      } catch (error) {
        if (!(error instanceof LinkGone)) this.hooks.error(error);
        else if (entry.isReply) this.hooks.discarded(1);
      } finally {
        if (entry.isReply) this.replies--;
        entry.done();
      }
    }
    this.running = false;
    for (const wake of this.idleWaiters.splice(0)) wake();
  }
}
