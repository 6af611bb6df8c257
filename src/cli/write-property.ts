/**
 * `xcom write_property`: pyscom's raw write of any property. A value written to a parameter
 * the catalogue knows (property 5 or 13) is checked first, as `set` does: a flash write with a
 * typo would otherwise cost one of about 1000 flash cycles and leave a wrong setting.
 * @module
 */
import { checkCatalogueFormat } from './catalogue-format.js';
import { checkValue, RANGE_OPTIONS, RANGE_OPTIONS_HELP, rangeOptions } from './check-value.js';
import { UsageError } from './command.js';
import { datapointAt } from './datapoint-arg.js';
import { defineCommand } from './define-command.js';
import { printJson } from './output.js';
import { parsePropertyArgs } from './property-args.js';
import { describeReading, type Reading, readingJson, valueWithUnit } from './reading.js';
import { parseValue } from './value-arg.js';

const VALUE_PROPERTIES = new Set([5, 13]);

/** The `write_property` command. */
export const writePropertyCommand = defineCommand({
  name: 'write_property',
  synopsis: `xcom [options] write_property dst_addr object_type object_id property_id format property_data
       xcom [options] write_property dst_addr=N object_type=2 object_id=N property_id=N format=F property_data=V`,
  description: `Writes one property, as Studer's pyscom.py does.
  dst_addr     100 all Xtenders, 101–109 one, 300/301–315 VarioTracks, 501 the Xcom-232i,
               600/601 BSP, 700/701–715 VarioStrings
  object_type  2 (parameter)
  property_id  13 RAM value (no flash wear), 5 flash value, 6 flash min, 7 flash max, 8 level.
               Flash lasts about 1000 writes: write repeated changes to 13.
  format       bool, short_enum, long_enum, int32, float, byte_stream, string (any case)
  property_data  the value: a number, 1/0 for bool, a number or label for an enum

A value for property 5 or 13 of a parameter in Studer's appendix must fit its format, range
and labels; nothing is sent otherwise (exit code 2). At an address outside every family, the
parameter is found by its number. A signal parameter (a command such as {1287} Restore factory
settings) is sent as given: xcom trigger NAME --yes says what it does first.`,
  options: RANGE_OPTIONS,
  optionHelp: [
    ...RANGE_OPTIONS_HELP,
    "  --verb N        0 silent, 1 the value written, 2 with the datapoint's name (default),",
    '                  3 also every frame in hex on stderr',
    '  --json          one line of JSON',
  ],
  examples: [
    'xcom --port=/dev/ttyUSB0 write_property 100 2 1138 13 float 25    # all Xtenders, RAM',
    'xcom write_property 100 2 1138 5 float 25                          # all Xtenders, flash',
    'xcom write_property 100 2 1311 5 long_enum 8',
    'xcom write_property 101 2 1125 5 bool 0',
  ],
  connection: 'use',
  async run({ values, positionals, io, verb, json, withClient }) {
    const request = parsePropertyArgs(positionals, 'write_property');
    const { dstAddr, objectType, objectId, propertyId, format } = request;
    if (objectType === 10) throw new UsageError('multi-info (object type 10) is read-only');
    const datapoint = datapointAt(objectType, objectId, dstAddr);
    if (datapoint?.kind === 'info') throw new UsageError(`{${objectId}} ${datapoint.description} is a user info: it is read-only`);
    const installation = rangeOptions(values);
    const checked = datapoint !== undefined && VALUE_PROPERTIES.has(propertyId);
    if (checked) checkCatalogueFormat(datapoint, propertyId, format, false);
    const parsed = parseValue(request.data ?? '', format, datapoint);
    // The raw path: checked here against the catalogue, then sent as given (a signal included).
    const value = checked ? checkValue(datapoint, parsed, installation) : parsed;
    const srcAddr = request.srcAddr === undefined ? {} : { srcAddr: request.srcAddr };
    await withClient((client) => client.writeProperty({ dstAddr, objectType, objectId, propertyId, format }, value), { ...installation, ...srcAddr });
    const reading: Reading = { id: objectId, datapoint, format, value, address: dstAddr, property: propertyId };
    if (json) printJson(io, { written: true, ...readingJson(reading) });
    else if (verb === 1) io.out(`written ${valueWithUnit(reading)}`);
    else if (verb >= 2) io.out(`${describeReading(reading)} at ${dstAddr}: written ${valueWithUnit(reading)}`);
  },
});
