// xcom scan, a batched get and xcom messages over TCP (a Moxa in TCP server mode), as over UDP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/simulator/clock.js';
import { type Simulator, startSimulator } from '../../src/simulator/simulator.js';
import { T0, xcom } from './harness.js';

let sim: Simulator;
let url: string;
beforeAll(async () => {
  sim = await startSimulator({ clock: new ManualClock(T0), seed: 3, tcpListen: { port: 0, host: '127.0.0.1' } });
  url = sim.connectionUrls().find((u) => u.startsWith('tcp://')) as string;
});
afterAll(() => sim.close());

describe('the installation commands over tcp://', () => {
  it('xcom scan', async () => {
    const run = await xcom(['scan', '--verb', '0', '--url', url]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines.slice(1, -2).map((l) => l.split(/\s+/)[0])).toEqual(['XT1', 'XT2', 'XT3', 'RCC', 'BSP', 'VT1', 'VT2', 'VS1']);
  });

  it('xcom get over several units, in one multi-info request', async () => {
    sim.requests.clear();
    const run = await xcom(['get', '3000', '--addr', 'XT1,XT2', '7000@BSP', '11004@sum', '--verb', '1', '--url', url]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines.map((l) => l.split(/\s+/)[0])).toEqual(['3000@XT1', '3000@XT2', '7000@BSP', '11004@sum']);
    expect(sim.requests.list().map((r) => r.objectType)).toEqual([10]);
  });

  it('xcom messages', async () => {
    sim.installation.raiseEvent({ type: 16, srcAddr: 301, timestamp: 1_750_000_400 });
    const run = await xcom(['messages', '--verb', '1', '--url', url]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines).toEqual([expect.stringMatching(/^2025-06-15 15:13:20  VT1     16  .*Fan error detected/)]);
  });
});
