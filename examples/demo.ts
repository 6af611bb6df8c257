/**
 * `npm run demo`: a tour of xcom-ts against a simulated Studer installation started in this
 * process on loopback (or against real hardware with `--url` / `XCOM_URL`, read-only).
 *
 *   npm run demo
 *   npm run demo -- --url 'udp://192.168.1.50:4002?localPort=4001'   # an Xcom-LAN (placeholder address)
 *   XCOM_URL=serial:///dev/ttyUSB0 npm run demo                      # an Xcom-232i
 *
 * It reads live values, writes a parameter to RAM and reads it back (flash untouched), raises
 * an event in the simulator and reads the message log, prints the client's counters, and exits.
 */
import { parseArgs } from 'node:util';
import { type Datapoint, type XcomMessage, XcomC, XcomClient, XcomDeviceError, XcomError, XcomP, defaultReadAddress } from 'xcom-ts';
import { deviceName, formatTimestamp, formatValue, printTable } from './support/format.js';
import { type Target, udpTarget } from './support/target.js';

const USAGE = `Usage: npm run demo [-- [--url URL | URL]]

Without a URL the demo starts a simulated installation on loopback. With one (or XCOM_URL) it
talks to real hardware and only reads: udp://HOST:4002?localPort=4001, tcp://HOST:PORT,
tcp-listen://:4001, serial:///dev/ttyUSB0.`;

/** What the demo reads: xcom-proto's names, so that its users recognise them. */
const LIVE: readonly (readonly [string, Datapoint])[] = [
  ['BATT_VOLTAGE', XcomP.BATT_VOLTAGE],
  ['BATT_CURRENT', XcomP.BATT_CURRENT],
  ['BATT_SOC', XcomP.BATT_SOC],
  ['BATT_TEMP', XcomP.BATT_TEMP],
  ['BATT_POWER', XcomP.BATT_POWER],
  ['PV_VOLTAGE', XcomP.PV_VOLTAGE],
  ['PV_POWER', XcomP.PV_POWER],
  ['PV_ENERGY_CURR_DAY', XcomP.PV_ENERGY_CURR_DAY],
  ['PV_OPERATION_MODE', XcomP.PV_OPERATION_MODE],
  ['BATT_CYCLE_PHASE', XcomP.BATT_CYCLE_PHASE],
  ['VS_PV_POWER', XcomP.VS_PV_POWER],
  ['AC_VOLTAGE_IN', XcomP.AC_VOLTAGE_IN],
  ['AC_POWER_IN', XcomP.AC_POWER_IN],
  ['AC_VOLTAGE_OUT', XcomP.AC_VOLTAGE_OUT],
  ['AC_FREQ_OUT', XcomP.AC_FREQ_OUT],
  ['AC_POWER_OUT', XcomP.AC_POWER_OUT],
  ['BATT_CYCLE_PHASE_XT', XcomP.BATT_CYCLE_PHASE_XT],
];

async function liveValues(xcom: XcomClient): Promise<void> {
  console.log('\nLive values (getValue: each read goes to the family master)');
  const rows: string[][] = [];
  for (const [name, dp] of LIVE) {
    let value: string;
    try {
      value = formatValue(dp, await xcom.getValue(dp));
    } catch (error) {
      // Real installations lack some devices (no BSP, no VarioString): show why, keep going.
      if (!(error instanceof XcomError)) throw error;
      value = `— ${error.code}`;
    }
    rows.push([`XcomP.${name}`, String(dp.id), deviceName(defaultReadAddress(dp)), dp.description, value, dp.labels ? '' : dp.unit]);
  }
  printTable(['name', 'id', 'device', 'description', 'value', 'unit'], rows, [1]);
}

async function writeRam(xcom: XcomClient, target: Target): Promise<void> {
  const dp = XcomP.SMART_BOOST_LIMIT;
  console.log(`\nWrite a parameter to RAM and read it back: XcomP.SMART_BOOST_LIMIT {${dp.id}} "${dp.description}" (${dp.unit})`);
  const sim = target.simulator;
  if (sim === undefined) {
    console.log('  skipped: the demo does not write to real hardware (see examples/ram-vs-flash.ts)');
    return;
  }
  const flash = { propertyId: XcomC.QSP_VALUE };
  const before = await xcom.getValue(dp);
  const value = before === 80 ? 90 : 80;
  console.log(`  before:  in force (RAM, property 13) ${before} %   in flash (property 5) ${await xcom.getValue(dp, flash)} %`);
  await xcom.setValue(dp, value);
  console.log(`  setValue(XcomP.SMART_BOOST_LIMIT, ${value}) → address 100 (every Xtender), property 13 (RAM)`);
  console.log(`  after:   in force (RAM, property 13) ${await xcom.getValue(dp)} %   in flash (property 5) ${await xcom.getValue(dp, flash)} %`);
  console.log(`  flash writes of {${dp.id}} counted by the simulator on Xtender 101: ${sim.installation.flashWrites(101, dp.id)}`);
}

async function messages(xcom: XcomClient, target: Target): Promise<void> {
  console.log('\nEvents and the message log');
  const onFlags = (flags: { messagePending: boolean }): void => {
    console.log(`  flags event: messagePending = ${flags.messagePending}`);
  };
  xcom.on('flags', onFlags);
  if (target.simulator !== undefined) {
    target.simulator.installation.raiseEvent({ type: 16, srcAddr: 102 });
    console.log('  the simulator raised message 16 on Xtender 102; the next reply carries the flag');
    await xcom.getValue(XcomP.BATT_SOC);
  }
  let newest: XcomMessage;
  try {
    newest = await xcom.readMessage(0);
  } catch (error) {
    // An empty log answers "no such object".
    if (error instanceof XcomDeviceError && error.code === 'OBJECT_ID_NOT_FOUND') {
      console.log('  the message log is empty');
      return;
    }
    throw error;
  } finally {
    xcom.off('flags', onFlags);
  }
  const shown = Math.min(newest.totalCount, 5);
  console.log(`  message log: ${newest.totalCount} message(s), the newest ${shown}:`);
  const rows: string[][] = [];
  for (let i = 0; i < shown; i++) {
    const m = i === 0 ? newest : await xcom.readMessage(i);
    rows.push([String(i), formatTimestamp(m.timestamp), deviceName(m.srcAddr), m.text ?? `message ${m.type}`]);
  }
  printTable(['#', 'time (installation)', 'device', 'text'], rows);
}

function stats(xcom: XcomClient): void {
  console.log('\nClient stats');
  const s = xcom.stats;
  printTable(
    Object.keys(s),
    [Object.values(s).map(String)],
    Object.keys(s).map((_, i) => i),
  );
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { url: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
  const url = values.url ?? positionals[0] ?? (process.env.XCOM_URL || undefined);
  if (values.help) {
    console.log(USAGE);
    return;
  }
  let simulated: boolean;
  {
    await using target = await udpTarget(url);
    const sim = target.simulator;
    simulated = sim !== undefined;
    if (sim !== undefined) {
      const devices = sim.installation.devices.map((d) => deviceName(d.address)).join(', ');
      console.log(`xcom-ts demo: a simulated installation (seed ${sim.installation.seed}) on loopback`);
      console.log(`  devices: ${devices}`);
    } else {
      console.log('xcom-ts demo: the installation at the URL given (read-only)');
    }
    console.log(`  XcomClient.connect('${target.url}')`);
    await using xcom = await XcomClient.connect(target.url);

    await liveValues(xcom);
    await writeRam(xcom, target);
    await messages(xcom, target);
    stats(xcom);
  } // `await using`: the client closes here, then the simulator.
  console.log(`\nDone: client closed${simulated ? ', simulator stopped' : ''}.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
