// BaseTransport's link events: its own typed on/off/once over a private EventEmitter.
import { describe, expect, it, vi } from 'vitest';
import { XcomTransportError } from '../../src/errors.js';
import { BaseTransport } from '../../src/transport/base-transport.js';
import type { ConnectInfo } from '../../src/transport/transport.js';

/** A link whose test drives its events. */
class DrivenLink extends BaseTransport {
  readonly description = 'test://driven';
  readonly isOpen = true;
  async open(): Promise<void> {}
  async close(): Promise<void> {}
  async send(): Promise<void> {}
  connect(peer: string): void {
    this.emit('connect', { peer });
  }
  fail(error: XcomTransportError): void {
    this.reportError(error);
  }
}

describe('BaseTransport events', () => {
  it('on, once and off manage link listeners', () => {
    const link = new DrivenLink();
    const always = vi.fn<(info: ConnectInfo) => void>();
    const first = vi.fn<(info: ConnectInfo) => void>();
    expect(link.on('connect', always).once('connect', first)).toBe(link);
    expect(link.listenerCount('connect')).toBe(2);
    link.connect('a');
    link.connect('b');
    expect(always.mock.calls).toEqual([[{ peer: 'a' }], [{ peer: 'b' }]]);
    expect(first.mock.calls).toEqual([[{ peer: 'a' }]]);
    link.off('connect', always);
    link.connect('c');
    expect(always).toHaveBeenCalledTimes(2);
    expect(link.listenerCount('connect')).toBe(0);
  });

  it('reports an error only to listeners, never throwing an unheard one', () => {
    const link = new DrivenLink();
    const error = new XcomTransportError('TRANSPORT', 'boom');
    expect(() => link.fail(error)).not.toThrow();
    const heard = vi.fn();
    link.on('error', heard);
    link.fail(error);
    expect(heard).toHaveBeenCalledWith(error);
  });
});
