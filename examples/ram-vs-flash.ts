/**
 * Write a parameter to RAM or to flash, and why the difference matters.
 *
 * Every parameter has a value in flash (property 5, `XcomC.QSP_VALUE`: what the RCC shows and
 * what survives a restart) and, on firmware 1.6.12 and later, a value in RAM (property 13,
 * `XcomC.QSP_UNSAVED_VALUE`: in force until the next restart). Studer guarantees only about
 * 1000 writes of flash per parameter (spec §4.5.4): a script that adjusts a charge current every
 * minute would wear it out in a day. So `setValue` writes RAM unless you name `XcomC.QSP_VALUE`;
 * keep flash for settings that change rarely and must survive a restart. (Older firmware has
 * no property 13: there, set {1550} "Parameters saved in flash memory" to No instead.)
 *
 *   npx tsx examples/ram-vs-flash.ts                 # the simulator: RAM, restart, flash, restart
 *   npx tsx examples/ram-vs-flash.ts URL             # hardware: reads only
 *   npx tsx examples/ram-vs-flash.ts URL --value 40  # hardware: writes 40 A to RAM
 *   npx tsx examples/ram-vs-flash.ts URL --value 40 --flash  # … and to flash (one of ~1000 writes)
 */
import { parseArgs } from 'node:util';
import { XcomC, XcomClient, XcomP, XcomValidationError } from 'xcom-ts';
import { udpTarget } from './support/target.js';

const { values, positionals } = parseArgs({
  options: { url: { type: 'string' }, value: { type: 'string' }, flash: { type: 'boolean' } },
  allowPositionals: true,
});
const url = values.url ?? positionals[0] ?? (process.env.XCOM_URL || undefined);

await using target = await udpTarget(url);
await using xcom = await XcomClient.connect(target.url);
const sim = target.simulator;

// {1138} Battery charge current, on every Xtender (writes go to the multicast address 100).
const dp = XcomP.BATTERY_CHARGE_CURR;
const FLASH = { propertyId: XcomC.QSP_VALUE };

/** Prints the value in force (RAM) and the value in flash, read from Xtender 101. */
async function show(when: string): Promise<void> {
  const ram = await xcom.getValue(dp); // property 13, the value in force
  const flash = await xcom.getValue(dp, FLASH); // property 5
  const wear = sim === undefined ? '' : `   flash writes so far: ${sim.installation.flashWrites(101, dp.id)}`;
  console.log(`${when.padEnd(34)} RAM ${String(ram).padStart(3)} ${dp.unit}   flash ${String(flash).padStart(3)} ${dp.unit}${wear}`);
}

console.log(`{${dp.id}} ${dp.description} (${dp.min}–${dp.max} ${dp.unit})`);
await show('now');

if (sim === undefined) {
  // Real hardware: write only what the command line asks for.
  if (values.value !== undefined) {
    const value = Number(values.value);
    await xcom.setValue(dp, value);
    await show(`setValue(${value}) → RAM`);
    if (values.flash === true) {
      await xcom.setValue(dp, value, FLASH);
      await show(`setValue(${value}, QSP_VALUE) → flash`);
    }
  }
} else {
  // A RAM write takes effect at once and costs no flash cycle…
  await xcom.setValue(dp, 40);
  await show('setValue(40) → RAM');
  // …but a restart falls back to the flash value.
  sim.installation.restart();
  await show('Xtenders restarted');

  // A flash write persists, and counts against the ~1000 cycles.
  await xcom.setValue(dp, 40, FLASH);
  await show('setValue(40, QSP_VALUE) → flash');
  sim.installation.restart();
  await show('Xtenders restarted');
}

// Values are checked against the catalogue before anything is sent.
try {
  await xcom.setValue(dp, 500);
} catch (error) {
  if (!(error instanceof XcomValidationError)) throw error;
  console.log(`setValue(500) refused before sending: ${error.message}`);
}
