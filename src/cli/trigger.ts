/**
 * `xcom trigger`: send a signal parameter (a command such as "Restore factory settings"), only
 * with `--yes`; without it, say what the signal would do and send nothing.
 * @module
 */
import { defaultWriteAddress } from '../catalogue/addresses.js';
import { FAMILIES } from '../catalogue/families.js';
import type { Datapoint } from '../catalogue/types.js';
import { SIGNAL_PROPERTY, SIGNAL_VALUE } from '../client/signals.js';
import { addressOption } from './address-arg.js';
import { UsageError } from './command.js';
import { resolveDatapoint } from './datapoint-arg.js';
import { defineCommand } from './define-command.js';
import { printJson } from './output.js';

function where(address: number, datapoint: Datapoint): string {
  const family = FAMILIES[datapoint.family];
  if (address === family.writeAddress && address !== family.readAddress) return `${address} (every ${family.label})`;
  return String(address);
}

/** The `trigger` command. */
export const triggerCommand = defineCommand({
  name: 'trigger',
  synopsis: 'xcom trigger DATAPOINT --yes [--addr N] [options]',
  description: `Sends a signal: a parameter that is a command, not a setting ({1287} Restore factory settings,
{1468} Reset of all the inverters, {1142} Force a new cycle, {5047} Format the SD card, …;
xcom find lists them with "signal" as their range). It writes 1 to the parameter value
(property 5, spec §4.5.11) once, never repeated, at the family's multicast address (100 every
Xtender, 300, 600, 700; 501 for the Xcom-232i) unless --addr says otherwise.
Without --yes nothing is sent: it says what the signal would do (exit code 2).`,
  options: { addr: { type: 'string' }, yes: { type: 'boolean' } },
  optionHelp: [
    '  --yes           send it',
    '  --addr N        send it to address N only (101: the first Xtender)',
    '  --verb N        0 silent, 1 a word, 2 with the name (default), 3 also frames in hex',
    '  --json          one line of JSON',
  ],
  examples: [
    'xcom trigger XT_FORCE_A_NEW_CYCLE                # says what it would do, sends nothing',
    'xcom trigger XT_FORCE_A_NEW_CYCLE --yes          # every Xtender',
    'xcom trigger 1468 --yes                          # reset of all the inverters',
  ],
  connection: 'use',
  async run({ values, positionals, io, verb, json, withClient }) {
    const [name, ...extra] = positionals;
    if (name === undefined) throw new UsageError('give the signal to send (e.g. xcom trigger XT_FORCE_A_NEW_CYCLE --yes)', { seeHelp: true });
    if (extra.length > 0) throw new UsageError(`a signal takes no value (it is always ${SIGNAL_VALUE}); unexpected "${extra.join(' ')}"`, { seeHelp: true });
    const datapoint = resolveDatapoint(name);
    const what = `{${datapoint.id}} ${datapoint.description} (${datapoint.name})`;
    if (datapoint.signal !== true) {
      const how = datapoint.kind === 'info' ? 'a user info, read-only' : 'a setting: xcom set writes it';
      throw new UsageError(`${what} is not a signal but ${how}`);
    }
    const dstAddr = addressOption(values.addr, '--addr') ?? defaultWriteAddress(datapoint);
    if (values.yes !== true) {
      throw new UsageError(`not sent: the signal ${what} would act on ${where(dstAddr, datapoint)}; add --yes to send it`);
    }
    await withClient((client) => client.trigger(datapoint, { dstAddr }));
    if (json) printJson(io, { triggered: true, id: datapoint.id, name: datapoint.name, description: datapoint.description, address: dstAddr, property: SIGNAL_PROPERTY });
    else if (verb === 1) io.out('sent');
    else if (verb >= 2) io.out(`${what} at ${dstAddr}: signal sent`);
  },
});
