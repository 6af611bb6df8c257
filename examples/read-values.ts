/**
 * Read live values: user infos by name, on a chosen device, by number, and a parameter.
 *
 *   npx tsx examples/read-values.ts                                            # the simulator
 *   npx tsx examples/read-values.ts 'udp://192.168.1.50:4002?localPort=4001'  # an Xcom-LAN (placeholder address)
 *   XCOM_URL=serial:///dev/ttyUSB0 npx tsx examples/read-values.ts            # an Xcom-232i
 *
 * Read-only: it writes nothing, whatever the target.
 */
import { parseArgs } from 'node:util';
import { XcomC, XcomClient, XcomError, XcomP, labelOf } from 'xcom-ts';
import { udpTarget } from './support/target.js';

const { values, positionals } = parseArgs({ options: { url: { type: 'string' } }, allowPositionals: true });
const url = values.url ?? positionals[0] ?? (process.env.XCOM_URL || undefined);

// No URL: a simulated installation on loopback (see support/target.ts). With hardware this
// line is just `await using xcom = await XcomClient.connect(url)`.
await using target = await udpTarget(url);
await using xcom = await XcomClient.connect(target.url);

// By name. The type follows the catalogue's format: these are FLOATs, so numbers. Each read
// goes to the family's master: BSP 601, VarioTrack 301, Xtender 101.
const soc = await xcom.getValue(XcomP.BATT_SOC);
const voltage = await xcom.getValue(XcomP.BATT_VOLTAGE);
const pv = await xcom.getValue(XcomP.PV_POWER);
const load = await xcom.getValue(XcomP.AC_POWER_OUT);
console.log(`Battery: ${soc.toFixed(1)} ${XcomP.BATT_SOC.unit}, ${voltage.toFixed(2)} ${XcomP.BATT_VOLTAGE.unit}`);
console.log(`PV power (VarioTrack 301): ${pv.toFixed(3)} ${XcomP.PV_POWER.unit}`);
console.log(`AC output power (Xtender 101): ${load.toFixed(3)} ${XcomP.AC_POWER_OUT.unit}`);

// An enum comes back as its number; the catalogue has Studer's label for it.
const mode = await xcom.getValue(XcomP.PV_OPERATION_MODE);
console.log(`VarioTrack mode: ${mode} (${labelOf(XcomP.PV_OPERATION_MODE, mode) ?? 'unknown'})`);

// Another device of the family: its own address. The second VarioTrack is 302.
try {
  const pv2 = await xcom.getValue(XcomP.PV_POWER, { dstAddr: 302 });
  console.log(`PV power (VarioTrack 302): ${pv2.toFixed(3)} kW`);
} catch (error) {
  if (!(error instanceof XcomError)) throw error;
  console.log(`VarioTrack 302: ${error.code}`); // an installation with one VarioTrack
}

// By number and format, as in xcom-proto; the object type still comes from the catalogue.
const raw = await xcom.getValueByID(11016, XcomC.TYPE_SHORT_ENUM, { dstAddr: 301 });
console.log(`getValueByID(11016, TYPE_SHORT_ENUM) = ${raw}`);

// A parameter reads the value in force (property 13), its limits with readProperty.
const charge = XcomP.BATTERY_CHARGE_CURR;
const current = await xcom.getValue(charge);
const target101 = { dstAddr: 101, objectType: XcomC.TYPE_PARAMETER, objectId: charge.id, format: charge.format } as const;
const min = await xcom.readProperty({ ...target101, propertyId: XcomC.QSP_MIN });
const max = await xcom.readProperty({ ...target101, propertyId: XcomC.QSP_MAX });
console.log(`{${charge.id}} ${charge.description}: ${current} ${charge.unit} (from ${min} to ${max})`);
