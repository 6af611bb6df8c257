/**
 * `xcom set`: write a parameter by name or number; RAM unless `--flash`.
 * @module
 */
import { defaultWriteAddress } from '../catalogue/addresses.js';
import { checkNotSignal } from '../client/signals.js';
import type { SettableValue } from '../client/xcom-client.js';
import type { ScomFormat } from '../protocol/format.js';
import { addressOption } from './address-arg.js';
import { checkValue, RANGE_OPTIONS, RANGE_OPTIONS_HELP, rangeOptions } from './check-value.js';
import { UsageError } from './command.js';
import { resolveDatapoint } from './datapoint-arg.js';
import { defineCommand } from './define-command.js';
import { printJson } from './output.js';
import { describeReading, type Reading, readingJson, valueWithUnit } from './reading.js';
import { parseValue } from './value-arg.js';

/** The `set` command. */
export const setCommand = defineCommand({
  name: 'set',
  synopsis: 'xcom set DATAPOINT VALUE [--addr N] [--flash] [options]',
  description: `Writes a parameter: to RAM (property 13: in force at once, lost at the next restart, no
flash wear) unless --flash (property 5: kept, but flash lasts about 1000 writes). It goes to
the family's multicast address (100 all Xtenders, 300, 600, 700; 501 for the Xcom-232i)
unless --addr says otherwise. The value is checked against Studer's appendix first: an enum
takes a number or its label, a number must lie within the parameter's range; nothing is sent
otherwise (exit code 2). A negative number needs no quoting: xcom set 1139 -4. A signal
parameter (a command such as {1287} Restore factory settings) is not a setting: xcom set
refuses it, xcom trigger sends it.`,
  options: { ...RANGE_OPTIONS, addr: { type: 'string' }, flash: { type: 'boolean' } },
  optionHelp: [
    '  --addr N        write to address N (101: the first Xtender only)',
    '  --flash         write the flash value (property 5) instead of RAM',
    ...RANGE_OPTIONS_HELP,
    '  --verb N        0 silent, 1 the value written, 2 with the name (default), 3 also frames in hex',
    '  --json          one line of JSON',
  ],
  examples: [
    'xcom set 1138 25                          # battery charge current, all Xtenders, RAM',
    'xcom set SMART_BOOST_LIMIT 100',
    'xcom set 1311 "Manual ON" --addr 101      # an enum by its label',
    'xcom set XT_CHARGER_ALLOWED 0 --flash',
    'xcom set 1140 27.6 --battery-voltage 24   # floating voltage of a 24 V system',
  ],
  connection: 'use',
  async run({ values, positionals, io, verb, json, withClient }) {
    const [name, ...words] = positionals;
    if (name === undefined || words.length === 0) throw new UsageError('give a datapoint and a value (e.g. xcom set 1138 25)', { seeHelp: true });
    const datapoint = resolveDatapoint(name);
    if (datapoint.kind === 'info') throw new UsageError(`{${datapoint.id}} ${datapoint.description} is a user info: it is read-only`);
    checkNotSignal(datapoint, 'xcom set', `xcom trigger ${datapoint.name} --yes`);
    // An unquoted label arrives as several words: xcom set 1311 Manual ON.
    const installation = rangeOptions(values);
    const value = checkValue(datapoint, parseValue(words.join(' '), datapoint.format, datapoint), installation);
    const dstAddr = addressOption(values.addr, '--addr') ?? defaultWriteAddress(datapoint);
    const propertyId = values.flash === true ? 5 : 13;
    await withClient((client) => client.setValue(datapoint, value as SettableValue<ScomFormat>, { dstAddr, propertyId, family: datapoint.family }), installation);
    const reading: Reading = { id: datapoint.id, datapoint, format: datapoint.format, value, address: dstAddr, property: propertyId };
    if (json) printJson(io, { written: true, ...readingJson(reading) });
    else if (verb === 1) io.out(valueWithUnit(reading));
    else if (verb >= 2) io.out(`${describeReading(reading)} at ${dstAddr}: set to ${valueWithUnit(reading)}`);
  },
});
