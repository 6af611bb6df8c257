// xcom test on real pseudo-terminals (socat): the simulator serves the far end of one pair,
// nobody listens behind the other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/simulator/clock.js';
import { type Simulator, startSimulator } from '../../src/simulator/simulator.js';
import { type PtyPair, ptyPair, WITHOUT_SOCAT } from '../transport/socat.js';
import { T0, xcom } from './harness.js';

let live: PtyPair;
let dead: PtyPair;
let sim: Simulator;

beforeAll(async () => {
  if (WITHOUT_SOCAT) return;
  [live, dead] = await Promise.all([ptyPair(), ptyPair()]);
  sim = await startSimulator({ serial: live.b, clock: new ManualClock(T0), seed: 5 });
});
afterAll(async () => {
  if (WITHOUT_SOCAT) return;
  await sim.close();
  await Promise.all([live.kill(), dead.kill()]);
});

const guid = (): string => Buffer.from(sim.installation.guid).toString('hex');

describe.skipIf(WITHOUT_SOCAT)('xcom test', () => {
  it('tries each candidate at 38400 even, 115200 even, 115200 none, and finds the simulator', async () => {
    const run = await xcom(['test', '--candidates', `${dead.a},${live.a}`, '--timeout', '200ms']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.lines).toEqual([
      `trying ${dead.a} at 38400 baud, parity even`,
      '  no answer',
      `trying ${dead.a} at 115200 baud, parity even`,
      '  no answer',
      `trying ${dead.a} at 115200 baud, parity none`,
      '  no answer',
      `trying ${live.a} at 38400 baud, parity even`,
      `  answered: GUID ${guid()}`,
      `found an Xcom-232i on ${live.a} at 38400 baud, parity even: use --port ${live.a} --bps 38400 --parity even`,
    ]);
    expect(sim.requests.last()).toMatchObject({ endpoint: 'serial', dstAddr: 501, objectType: 4 });
  });

  it('tries only the settings given, and the result as JSON', async () => {
    const run = await xcom(['test', '--candidates', live.a, '--bps', '115200', '--parity', 'none', '--json']);
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n')).toEqual([`trying ${live.a} at 115200 baud, parity none`, `  answered: GUID ${guid()}`, '']);
    expect(JSON.parse(run.stdout)).toEqual({
      found: [{ path: live.a, baudRate: 115200, parity: 'none', result: 'answered', guid: guid() }],
      attempts: [{ path: live.a, baudRate: 115200, parity: 'none', result: 'answered', guid: guid() }],
    });
  });

  it('exits 3 with what to check when nothing answers', async () => {
    const run = await xcom(['test', '--candidates', dead.a, '--timeout', '100ms']);
    expect(run.code).toBe(3);
    expect(run.lines).toHaveLength(6);
    expect(run.stderr).toBe(`xcom test: no Xcom-232i answered on ${dead.a}: check the cable, that the installation is powered, and that no other program holds the port\n`);
  });

  it('exits 3 when the ports cannot be opened', async () => {
    const run = await xcom(['test', '--candidates', '/dev/ttyXCOM-NOPE']);
    expect(run.code).toBe(3);
    expect(run.lines).toEqual(['trying /dev/ttyXCOM-NOPE at 38400 baud, parity even', expect.stringMatching(/^  cannot open: .*ttyXCOM-NOPE/)]);
    expect(run.stderr).toMatch(/^xcom test: cannot open \/dev\/ttyXCOM-NOPE: check the paths/);
  });

  it('the other commands reach the simulator on the pty with --port', async () => {
    const run = await xcom(['--port', live.a, '--bps', '38400', '--verb', '1', 'read_property', '101', '2', '1138', '5', 'float']);
    expect(run).toMatchObject({ code: 0, stderr: '', lines: ['60 Adc'] });
  });

  it('refuses arguments, --url, and 38400 baud without parity', async () => {
    for (const args of [['/dev/ttyUSB0'], ['--url', 'udp://127.0.0.1'], ['--bps', '38400', '--parity', 'none']]) {
      const run = await xcom(['test', ...args]);
      expect(run.code).toBe(2);
    }
  });
});
