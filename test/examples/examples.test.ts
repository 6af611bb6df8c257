// `npm run demo` and every example, run as child processes the way the README and their
// headers tell users to: each must exit 0 on its own (nothing left running) and print what
// it promises — against its own simulator, or against one given by URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { example, run, type Run } from './run.js';

// Each test starts one or two child processes (npm, node with tsx transpiling the example): a
// second or two alone, but over ten seconds on a loaded machine (CI runs the suites side by side
// on two cores) where they wait for a core. run() kills a child that hangs well before this.
const SLOW = { timeout: 60_000 };

function expectClean(result: Run): void {
  expect(result.stderr).not.toMatch(/Error|Unhandled|triggerUncaughtException/);
  expect({ code: result.code, signal: result.signal }).toEqual({ code: 0, signal: null });
}

describe('npm run demo', SLOW, () => {
  it('tours the simulator: live values, a RAM write read back, the message log, the stats', async () => {
    const result = await run('npm', ['run', '--silent', 'demo']);
    expectClean(result);
    const out = result.stdout;
    expect(out).toMatch(/^xcom-ts demo: a simulated installation \(seed 1\) on loopback$/m);
    expect(out).toMatch(/XcomClient\.connect\('udp:\/\/127\.0\.0\.1:\d+\?localPort=\d+&bind=127\.0\.0\.1'\)/);
    expect(out).toMatch(/^ {2}XcomP\.BATT_VOLTAGE +7000 +BSP 601 +Battery voltage +\d+\.\d+ +Vdc$/m);
    expect(out).toMatch(/^ {2}XcomP\.BATT_SOC +7032 +BSP 601 .* \d+\.\d+ +%$/m);
    expect(out).toMatch(/^ {2}XcomP\.PV_POWER +11043 +VarioTrack 301 .* kW$/m);
    expect(out).toMatch(/^ {2}XcomP\.AC_POWER_OUT +3136 +Xtender 101 .* kW$/m);
    expect(out).toMatch(/^ {2}XcomP\.PV_OPERATION_MODE +11016 +VarioTrack 301 +Operating mode +\d+ \([A-Za-z ]+\)$/m);
    expect(out).toContain('before:  in force (RAM, property 13) 100 %   in flash (property 5) 100 %');
    expect(out).toContain('after:   in force (RAM, property 13) 80 %   in flash (property 5) 100 %');
    expect(out).toContain('flash writes of {1607} counted by the simulator on Xtender 101: 0');
    expect(out).toContain('flags event: messagePending = true');
    expect(out).toMatch(/^ {2}0 +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +Xtender 102 +Warning \(016\): Fan error detected$/m);
    expect(out).toMatch(/^ {2}requests +framesSent +responses +retries +timeouts +deviceErrors +droppedFrames +malformedFrames +lateFrames +quarantineWaits +linksDropped$/m);
    expect(out).toMatch(/^ +(\d+) +\1 +\1 +0 +0 +0 +0 +0 +0 +0 +0$/m); // every request answered at once
    expect(out).toMatch(/Done: client closed, simulator stopped\.\n$/);
  });

  it('prints its usage with --help', async () => {
    const result = await run('npm', ['run', '--silent', 'demo', '--', '--help']);
    expectClean(result);
    expect(result.stdout).toMatch(/^Usage: npm run demo/);
  });

  it('fails with exit code 1 on a bad option', async () => {
    const result = await run('npm', ['run', '--silent', 'demo', '--', '--bogus']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Unknown option '--bogus'");
  });
});

describe('examples against their own simulator', SLOW, () => {
  it('read-values.ts', async () => {
    const result = await example('read-values.ts');
    expectClean(result);
    expect(result.stdout).toMatch(/^Battery: \d+\.\d %, \d+\.\d\d Vdc$/m);
    expect(result.stdout).toMatch(/^PV power \(VarioTrack 301\): \d+\.\d{3} kW$/m);
    expect(result.stdout).toMatch(/^PV power \(VarioTrack 302\): \d+\.\d{3} kW$/m);
    expect(result.stdout).toMatch(/^VarioTrack mode: (\d+) \([A-Za-z ]+\)$/m);
    expect(result.stdout).toMatch(/^getValueByID\(11016, TYPE_SHORT_ENUM\) = \d+$/m);
    expect(result.stdout).toContain('{1138} Battery charge current: 60 Adc (from 0 to 200)');
  });

  it('ram-vs-flash.ts', async () => {
    const result = await example('ram-vs-flash.ts');
    expectClean(result);
    const lines = result.stdout.split('\n').map((l) => l.replace(/ +/g, ' ').trim());
    expect(lines).toEqual([
      '{1138} Battery charge current (0–200 Adc)',
      'now RAM 60 Adc flash 60 Adc flash writes so far: 0',
      'setValue(40) → RAM RAM 40 Adc flash 60 Adc flash writes so far: 0',
      'Xtenders restarted RAM 60 Adc flash 60 Adc flash writes so far: 0',
      'setValue(40, QSP_VALUE) → flash RAM 40 Adc flash 40 Adc flash writes so far: 1',
      'Xtenders restarted RAM 40 Adc flash 40 Adc flash writes so far: 1',
      'setValue(500) refused before sending: {1138} Battery charge current: 500 Adc is above the maximum 200 Adc (allowed 0 to 200)',
      '',
    ]);
  });

  it('polling.ts stops after --cycles', async () => {
    const result = await example('polling.ts', ['--cycles', '3', '--interval', '20']);
    expectClean(result);
    const cycles = result.stdout.split('\n').filter((l) => /^#\d+ \d\d:\d\d:\d\d {2}SOC \d+\.\d\d % {2}battery .* kW {2}VT \S/.test(l));
    expect(cycles).toHaveLength(3);
    expect(result.stdout).toMatch(/^stopped after 3 cycle\(s\): 3 requests, 0 retries, 0 timeouts$/m);
  });

  it('polling.ts stops after 3 cycles in CI without --cycles', async () => {
    const result = await example('polling.ts', ['--interval', '20'], { env: { CI: 'true' } });
    expectClean(result);
    expect(result.stdout).toMatch(/^stopped after 3 cycle\(s\)/m);
  });

  it('polling.ts stops cleanly on Ctrl-C (SIGINT)', async () => {
    let sent = false;
    const result = await example('polling.ts', ['--interval', '50'], {
      env: { CI: undefined },
      onStdout: (stdout, child) => {
        if (!sent && stdout.includes('#2 ')) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.stdout).toMatch(/^stopped after \d+ cycle\(s\) \(Ctrl-C\)/m);
    expect(result.code).toBe(0);
  });

  it('moxa-tcp-client.ts', async () => {
    const result = await example('moxa-tcp-client.ts');
    expectClean(result);
    expect(result.stdout).toMatch(/^listening on tcp-listen:\/\/127\.0\.0\.1:(\d+); waiting for the Moxa to connect…$/m);
    expect(result.stdout).toMatch(/^Moxa connected from 127\.0\.0\.1:\d+$/m);
    expect(result.stdout).toMatch(/^SOC \d+\.\d %, battery \d+\.\d\d Vdc, AC output \d+\.\d{3} kW$/m);
    expect(result.stdout).toMatch(/^GUID of the Xcom-232i: [0-9a-f]{32}$/m);
  });
});

describe('examples against a URL (a simulator the test started, standing in for hardware)', SLOW, () => {
  let sim: Simulator;
  let url: string;
  beforeAll(async () => {
    sim = await startSimulator({ tcpListen: { port: 0, host: '127.0.0.1' }, seed: 3 });
    url = sim.connectionUrls()[0] ?? '';
  });
  afterAll(async () => {
    await sim.close();
  });

  it('the demo reads and writes nothing (--url)', async () => {
    const writesBefore = sim.requests.list().filter((r) => r.serviceId === 2).length;
    const result = await run('npm', ['run', '--silent', 'demo', '--', '--url', url]);
    expectClean(result);
    expect(result.stdout).toContain('xcom-ts demo: the installation at the URL given (read-only)');
    expect(result.stdout).toContain(`XcomClient.connect('${url}')`);
    expect(result.stdout).toMatch(/^ {2}XcomP\.BATT_SOC +7032 +BSP 601 .* %$/m);
    expect(result.stdout).toContain('skipped: the demo does not write to real hardware');
    expect(sim.requests.list().filter((r) => r.serviceId === 2).length).toBe(writesBefore);
  });

  it('read-values.ts (XCOM_URL)', async () => {
    const result = await example('read-values.ts', [], { env: { XCOM_URL: url } });
    expectClean(result);
    expect(result.stdout).toMatch(/^Battery: \d+\.\d %/m);
  });

  it('ram-vs-flash.ts only reads unless told to write', async () => {
    const result = await example('ram-vs-flash.ts', [url]);
    expectClean(result);
    expect(result.stdout).toMatch(/^now +RAM +60 Adc +flash +60 Adc$/m);
    expect(sim.installation.currentValue(101, 1138)).toBe(60);

    const write = await example('ram-vs-flash.ts', [url, '--value', '45']);
    expectClean(write);
    expect(write.stdout).toMatch(/^setValue\(45\) → RAM +RAM +45 Adc +flash +60 Adc$/m);
    expect(sim.installation.flashWrites(101, 1138)).toBe(0);
  });

  it('polling.ts (positional URL)', async () => {
    const result = await example('polling.ts', [url, '--cycles', '2', '--interval', '10']);
    expectClean(result);
    expect(result.stdout).toMatch(/^stopped after 2 cycle\(s\): 2 requests/m);
  });
});
