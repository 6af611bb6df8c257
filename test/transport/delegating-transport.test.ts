// DelegatingTransport forwards every member of Transport with its arguments unchanged, so a
// wrapper built on it cannot drop one (the send options above all).
import { describe, expect, it } from 'vitest';
import { FrameDecoder, type FrameDecoderStats } from '../../src/protocol/frame-decoder.js';
import { DelegatingTransport } from '../../src/transport/delegating-transport.js';
import type { FrameListener, SendOptions, Transport, TransportEventMap } from '../../src/transport/transport.js';

/** A transport that records each call it receives, with its arguments. */
class RecordingTransport implements Transport {
  readonly calls: Array<[member: string, ...args: unknown[]]> = [];
  readonly description = 'test://inner';
  readonly isOpen = true;
  readonly decoderStats: Readonly<FrameDecoderStats> = new FrameDecoder().stats;
  async open(): Promise<void> {
    this.calls.push(['open']);
  }
  async close(): Promise<void> {
    this.calls.push(['close']);
  }
  async send(bytes: Uint8Array, options?: SendOptions): Promise<void> {
    this.calls.push(['send', bytes, options]);
  }
  setFrameListener(listener: FrameListener | undefined): void {
    this.calls.push(['setFrameListener', listener]);
  }
  dropLink(reason: string): void {
    this.calls.push(['dropLink', reason]);
  }
  on<K extends keyof TransportEventMap>(event: K, listener: (...args: TransportEventMap[K]) => void): this {
    this.calls.push(['on', event, listener]);
    return this;
  }
  off<K extends keyof TransportEventMap>(event: K, listener: (...args: TransportEventMap[K]) => void): this {
    this.calls.push(['off', event, listener]);
    return this;
  }
  async [Symbol.asyncDispose](): Promise<void> {
    this.calls.push(['asyncDispose']);
  }
}

describe('DelegatingTransport', () => {
  it('forwards every member of Transport, arguments unchanged', async () => {
    const inner = new RecordingTransport();
    const wrapper = new DelegatingTransport(inner);
    const bytes = Uint8Array.of(0xaa, 0x00);
    const options: SendOptions = { signal: new AbortController().signal };
    const frameListener: FrameListener = () => {};
    const connectListener = (): void => {};
    // One entry per member: a member added to Transport does not compile until it is listed.
    const checks: { [K in keyof Required<Transport>]: () => Promise<void> } = {
      description: async () => expect(wrapper.description).toBe('test://inner'),
      isOpen: async () => expect(wrapper.isOpen).toBe(true),
      decoderStats: async () => expect(wrapper.decoderStats).toBe(inner.decoderStats),
      open: async () => {
        await wrapper.open();
        expect(inner.calls.at(-1)).toEqual(['open']);
      },
      close: async () => {
        await wrapper.close();
        expect(inner.calls.at(-1)).toEqual(['close']);
      },
      send: async () => {
        await wrapper.send(bytes, options);
        const [member, sent, sentOptions] = inner.calls.at(-1) ?? [];
        expect(member).toBe('send');
        expect(sent).toBe(bytes);
        expect(sentOptions).toBe(options);
      },
      dropLink: async () => {
        wrapper.dropLink('dead');
        expect(inner.calls.at(-1)).toEqual(['dropLink', 'dead']);
      },
      setFrameListener: async () => {
        wrapper.setFrameListener(frameListener);
        expect(inner.calls.at(-1)).toEqual(['setFrameListener', frameListener]);
        wrapper.setFrameListener(undefined);
        expect(inner.calls.at(-1)).toEqual(['setFrameListener', undefined]);
      },
      on: async () => {
        expect(wrapper.on('connect', connectListener)).toBe(wrapper);
        expect(inner.calls.at(-1)).toEqual(['on', 'connect', connectListener]);
      },
      off: async () => {
        expect(wrapper.off('connect', connectListener)).toBe(wrapper);
        expect(inner.calls.at(-1)).toEqual(['off', 'connect', connectListener]);
      },
      [Symbol.asyncDispose]: async () => {
        inner.calls.length = 0;
        await wrapper[Symbol.asyncDispose]();
        expect(inner.calls).toEqual([['close']]);
      },
    };
    for (const check of [...Object.values(checks), checks[Symbol.asyncDispose]]) await check();
  });

  it('lets a wrapper override one member; disposal goes through its close()', async () => {
    class Counting extends DelegatingTransport {
      sent = 0;
      closed = 0;
      override send(...args: Parameters<Transport['send']>): Promise<void> {
        this.sent++;
        return super.send(...args);
      }
      override close(): Promise<void> {
        this.closed++;
        return super.close();
      }
    }
    const inner = new RecordingTransport();
    const counting = new Counting(inner);
    const options: SendOptions = { signal: AbortSignal.abort() };
    await counting.send(Uint8Array.of(1), options);
    expect(counting.sent).toBe(1);
    expect(inner.calls.at(-1)?.[2]).toBe(options);
    await counting[Symbol.asyncDispose]();
    expect(counting.closed).toBe(1);
    expect(inner.calls.at(-1)).toEqual(['close']);
  });
});
