// `xcom … --url tcp-listen://…`: the command waits for the Moxa, says so after a second, is
// bounded by --wait, and takes only the peers --allow names.
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/simulator.js';
import { freeTcpPort } from '../transport/helpers.js';
import { xcom } from './harness.js';

describe('xcom on tcp-listen://', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('says after a second that it waits for the Moxa, and gives up at --wait with NO_LINK (exit 3)', async () => {
    const port = await freeTcpPort();
    const run = await xcom(['get', '3000', '--url', `tcp-listen://127.0.0.1:${port}`, '--wait', '1500ms']);
    expect(run.code).toBe(3);
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toBe(`xcom: waiting for the Moxa to connect to 127.0.0.1:${port} (at most 2 s)…`);
    expect(lines.at(-1)).toMatch(/NO_LINK|no Moxa connected/);
    expect(lines.at(-1)).toMatch(/--allow list, or raise --wait/);
  });

  it('--allow takes the Moxa it names, and refuses one outside its ranges', async () => {
    const port = await freeTcpPort();
    const allowed = xcom(['get', '3000', '--verb', '0', '--url', `tcp-listen://127.0.0.1:${port}`, '--allow', '127.0.0.2/32', '--allow', '127.0.0.0/8', '--wait', '10s']);
    sim = await startSimulator({ tcpConnect: { host: '127.0.0.1', port, reconnectMs: 50 } });
    const ok = await allowed;
    expect(ok).toMatchObject({ code: 0 });
    expect(Number(ok.lines[0])).toBeGreaterThan(0);
    await sim.close();

    const port2 = await freeTcpPort();
    const refused = xcom(['get', '3000', '--url', `tcp-listen://127.0.0.1:${port2}`, '--allow', '127.0.0.2/32', '--wait', '1s']);
    sim = await startSimulator({ tcpConnect: { host: '127.0.0.1', port: port2, reconnectMs: 50 } });
    const no = await refused;
    expect(no.code).toBe(3);
    expect(no.stderr).toMatch(/NO_LINK|no Moxa connected/);
  });

  it('refuses an empty --allow as a usage error', async () => {
    const run = await xcom(['get', '3000', '--url', 'tcp-listen://127.0.0.1:4001', '--allow', ',']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--allow needs an address or a CIDR range/);
  });
});
