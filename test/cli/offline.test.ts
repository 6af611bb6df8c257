// The commands that need no installation: find, version, and the help texts.
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { COMMANDS } from '../../src/cli/commands.js';
import { xcom } from './harness.js';

describe('xcom find', () => {
  it('finds by words, best match first, with kind, format, unit, range and default', async () => {
    const run = await xcom(['find', 'battery', 'charge', 'current', '--family', 'xtender']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines[0]).toMatch(/^ID\s+NAME\s+KIND\s+FORMAT\s+UNIT\s+RANGE\s+DEFAULT\s+DESCRIPTION$/);
    expect(run.lines[1]).toMatch(/^1138\s+XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS\s+parameter\s+FLOAT\s+Adc\s+0\.\.200\s+60\s+Battery charge current$/);
    expect(run.lines[2]).toMatch(/^3005\s+XT_BATTERY_CHARGE_CURRENT_INFO\s+info\s+FLOAT\s+A\s+Battery charge current$/);
  });

  it('finds by number and prints the labels under the row', async () => {
    const run = await xcom(['find', '1311']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.lines).toHaveLength(3);
    expect(run.lines[2]).toBe('      labels: 1 Automatic, 2 Reversed automatic, 4 Manual ON, 8 Manual OFF');
  });

  it('filters by kind, limits, and prints numbers and names at --verb 0', async () => {
    const run = await xcom(['find', 'battery voltage', '--kind', 'info', '--limit', '3', '--verb', '0']);
    expect(run).toMatchObject({ code: 0, stderr: '', lines: ['3000 XT_BATTERY_VOLTAGE', '7000 BSP_BATTERY_VOLTAGE', '7000 BMS_BATTERY_VOLTAGE'] });
  });

  it('prints the catalogue entries as JSON', async () => {
    const run = await xcom(['find', 'operating mode aux 2', '--json']);
    const found = JSON.parse(run.stdout) as { id: number; labels: { value: number; label: string }[]; longEnumMode: string }[];
    expect(found[0]).toMatchObject({ id: 1311, longEnumMode: 'one-bit', labels: [{ value: 1, label: 'Automatic' }, {}, {}, {}] });
  });

  it('says so on stderr when nothing matches, and exits 1 as grep does', async () => {
    const run = await xcom(['find', 'flux', 'capacitor']);
    expect(run).toMatchObject({ code: 1, stdout: '', stderr: 'xcom find: no datapoint matches "flux capacitor"\n' });
    const json = await xcom(['find', 'flux', '--json']);
    expect(json).toMatchObject({ code: 1, stderr: '' });
    expect(JSON.parse(json.stdout)).toEqual([]);
    expect(await xcom(['find', 'flux', '--verb', '0'])).toMatchObject({ code: 1, stdout: '' });
  });

  it('refuses no words, or a bad family', async () => {
    expect((await xcom(['find'])).code).toBe(2);
    const run = await xcom(['find', 'voltage', '--family', 'inverter']);
    expect(run).toMatchObject({ code: 2, stderr: expect.stringMatching(/--family must be xtender or rcc or bsp or bms or variotrack or variostring/) });
  });
});

describe('xcom version', () => {
  it('prints the package version, also as --version, --verb 0 and --json', async () => {
    expect(await xcom(['version'])).toMatchObject({ code: 0, stderr: '', stdout: `xcom-ts ${pkg.version}\n` });
    expect(await xcom(['--version'])).toMatchObject({ code: 0, stdout: `xcom-ts ${pkg.version}\n` });
    expect(await xcom(['--port=COM3', '--verb=0', 'version'])).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    expect(JSON.parse((await xcom(['version', '--json'])).stdout)).toMatchObject({ name: 'xcom-ts', version: pkg.version });
  });

  it('takes no argument', async () => {
    expect(await xcom(['version', 'now'])).toMatchObject({ code: 2, stdout: '', stderr: 'xcom version: version takes no argument, got "now" (xcom version --help)\n' });
  });
});

describe('help', () => {
  it('xcom --help lists every command with the exit codes and examples', async () => {
    const run = await xcom(['--help']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    for (const command of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^  ${command.name} +${command.summary.replace(/[()|.*+?]/g, '\\$&')}$`, 'm'));
    expect(run.stdout).toMatch(/^Exit codes: 0 success, 1 nothing found \(xcom find\), 2 usage error, 3 connection or timeout,\n4 device error, 130 interrupted \(Ctrl\+C\), 141 output closed \(\| head\), 143 terminated \(SIGTERM\)\.$/m);
    expect(run.stdout).toContain('Examples:');
  });

  for (const command of COMMANDS) {
    it(`xcom ${command.name} --help prints its usage with examples`, async () => {
      const run = await xcom([command.name, '--help']);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toMatch(new RegExp(`^Usage: xcom .*${command.name}`));
      expect(run.stdout).toMatch(new RegExp(`\nExamples:\n  (xcom|socat) `));
    });
  }

  it('xcom help COMMAND is xcom COMMAND --help', async () => {
    const run = await xcom(['help', 'get']);
    expect(run).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Usage: xcom get DATAPOINT/) });
  });
});
