import { describe, expect, it } from 'vitest';
import { MemoryTransport } from '../../src/transport/memory-transport.js';
import { bytesKey, FrameSink, REQUEST, RESPONSE } from './helpers.js';

describe('MemoryTransport.dropLink', () => {
  it('drops a partial frame and emits disconnect with the reason; the next send emits connect', async () => {
    const [a, b] = MemoryTransport.pair({ async: false });
    await a.open();
    await b.open();
    const sink = new FrameSink(a);
    const log: string[] = [];
    a.on('connect', ({ peer }) => log.push(`connect ${peer}`));
    a.on('disconnect', ({ peer, reason }) => log.push(`disconnect ${peer} ${reason}`));
    a.inject(RESPONSE.subarray(0, 20));
    a.dropLink('3 consecutive timeouts');
    a.dropLink('again');
    expect(a.decoderStats.framesDecoded).toBe(0);
    await b.send(RESPONSE);
    expect(await sink.take(1)).toEqual([bytesKey(RESPONSE)]);
    await a.send(REQUEST);
    expect(log).toEqual(['disconnect memory://b 3 consecutive timeouts', 'connect memory://b']);
    await a.close();
    a.dropLink('closed');
    expect(log).toHaveLength(2);
  });
});
