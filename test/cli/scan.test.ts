// xcom scan against the simulator: the table, the progress on stderr, --json, a BMS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimFixture, simFixture, xcom } from './harness.js';

let fx: SimFixture;
beforeAll(async () => {
  fx = await simFixture({ identities: { 102: { model: 'XTM', software: '1.6.30' } } });
});
afterAll(() => fx.close());

describe('xcom scan', () => {
  it('prints a table of the units, the gateway and the battery voltage', async () => {
    const run = await xcom(['scan', '--url', fx.url]);
    expect(run.code).toBe(0);
    expect(run.lines[0]).toMatch(/^CODE\s+ADDRESS\s+MODEL\s+SOFTWARE\s+HARDWARE\s+FID\s+PHASE$/);
    expect(run.lines.slice(1, -2).map((l) => l.split(/\s{2,}/).slice(0, 4))).toEqual([
      ['XT1', '101', 'XTH', '1.6.74'],
      ['XT2', '102', 'XTM', '1.6.30'],
      ['XT3', '103', 'XTH', '1.6.74'],
      ['RCC', '501'],
      ['BSP', '601', 'BSP-500/BSP-1200', '1.6.74'],
      ['VT1', '301', 'VT-65/VT-80', '1.6.74'],
      ['VT2', '302', 'VT-65/VT-80', '1.6.74'],
      ['VS1', '701', 'VS-120', '1.6.74'],
    ]);
    expect(run.lines[1]).toMatch(/^XT1\s+101\s+XTH\s+1\.6\.74\s+4\.2\s+[0-9A-F]{8}\s+L1$/);
    const guid = Buffer.from(fx.sim.installation.guid).toString('hex');
    expect(run.lines.at(-2)).toBe(`gateway 501: GUID ${guid}, answers multi-info (firmware >=1.6.74)`);
    expect(run.lines.at(-1)).toBe('battery: 48 V');
  });

  it('says each probe on stderr, and nothing at --verb 0', async () => {
    const run = await xcom(['scan', '--url', fx.url]);
    const progress = run.stderr.trim().split('\n');
    expect(progress[0]).toBe('xcom scan: gateway 501 (1 request)');
    expect(progress).toContain('xcom scan: Xtender at 104: none (5 requests)');
    expect(progress).toContain('xcom scan: VarioTrack at 301: found (8 requests)');
    expect(progress.at(-1)).toBe('xcom scan: identities of 8 units read (13 requests)');
    const quiet = await xcom(['scan', '--verb', '0', '--url', fx.url]);
    expect(quiet).toMatchObject({ code: 0, stderr: '' });
    expect(quiet.lines).toEqual(run.lines);
  });

  it('--json prints the installation as discover() returns it', async () => {
    const run = await xcom(['scan', '--json', '--verb', '0', '--url', fx.url]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const found = JSON.parse(run.stdout) as { gateway: { multiInfo: boolean }; devices: { code: string; fid?: string }[]; batteryVoltage: number; requests: number };
    expect(found.gateway.multiInfo).toBe(true);
    expect(found.devices.map((d) => d.code)).toEqual(['XT1', 'XT2', 'XT3', 'RCC', 'BSP', 'VT1', 'VT2', 'VS1']);
    expect(found.batteryVoltage).toBe(48);
    expect(found.requests).toBe(13);
  });

  it('an installation with an Xcom-CAN BMS, 24 V, behind an old gateway', async () => {
    const bms = await simFixture({ battery: 'bms', xtenders: 1, variotracks: 0, variostrings: 0, batteryVoltage: 24, identities: { 501: { software: '1.6.70' } } });
    try {
      const run = await xcom(['scan', '--verb', '0', '--url', bms.url]);
      expect(run.code).toBe(0);
      expect(run.lines.slice(1, -2).map((l) => l.split(/\s{2,}/)[0])).toEqual(['XT1', 'RCC', 'BMS']);
      expect(run.lines.at(-2)).toMatch(/refuses multi-info \(firmware <1\.6\.74\)$/);
      expect(run.lines.at(-1)).toBe('battery: 24 V');
    } finally {
      await bms.close();
    }
  });

  it('exits 3 when the installation does not answer', async () => {
    fx.sim.endpoint('udp').faults.next('drop', 3);
    const run = await xcom(['scan', '--timeout', '100ms', '--url', fx.url]);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^xcom scan: no answer from address 501/m);
  });
});
