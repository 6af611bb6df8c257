/**
 * `xcom read_property`: pyscom's raw read of any property of any object, multi-info included.
 * @module
 */
import type { XcomClient } from '../client/xcom-client.js';
import { checkCatalogueFormat } from './catalogue-format.js';
import { UsageError } from './command.js';
import { datapointAt } from './datapoint-arg.js';
import { defineCommand } from './define-command.js';
import type { CliIo } from './io.js';
import { parseMultiInfoList } from './multi-info-arg.js';
import { printJson } from './output.js';
import { type PropertyArgs, parsePropertyArgs } from './property-args.js';
import { formatReading, type Reading, readingJson } from './reading.js';

/** What the gateway's own objects are, for the line printed. */
const TITLES: Readonly<Record<number, (id: number) => string>> = {
  3: (id) => `message ${id} of the Xcom-232i's log`,
  4: () => 'GUID of the Xcom-232i',
};

async function readMulti(client: XcomClient, request: PropertyArgs, io: CliIo, verb: number, json: boolean): Promise<void> {
  if (request.format !== 'BYTE_STREAM') throw new UsageError(`multi-info (object type 10) is read as byte_stream, not ${request.format.toLowerCase()}`);
  if (request.dstAddr !== 501) throw new UsageError(`multi-info is read at 501 (the Xcom-232i), not ${request.dstAddr}`);
  const items = parseMultiInfoList(request.data);
  const result = await client.readMultiInfo(items);
  const readings: Reading[] = result.items.map((item) => ({
    id: item.id,
    datapoint: item.datapoint,
    format: item.datapoint?.format ?? 'FLOAT',
    value: item.value,
    aggregation: item.aggregation,
  }));
  if (json) {
    printJson(io, { timestamp: result.timestamp, flags: result.flags, items: readings.map(readingJson) });
    return;
  }
  if (verb >= 2) io.out(`gateway time ${new Date(result.timestamp * 1000).toISOString().slice(0, 19).replace('T', ' ')}`);
  for (const reading of readings) io.out(formatReading(reading, verb));
}

/** The `read_property` command. */
export const readPropertyCommand = defineCommand({
  name: 'read_property',
  synopsis: `xcom [options] read_property dst_addr object_type object_id property_id format [property_data]
       xcom [options] read_property dst_addr=N object_type=N object_id=N property_id=N format=F`,
  description: `Reads one property of one object, as Studer's pyscom.py does.
  dst_addr     101–109 Xtenders, 100 all (the master answers), 191–193 phase L1–L3,
               301–315 VarioTracks, 501 the Xcom-232i, 601 BSP/BMS, 701–715 VarioStrings
  object_type  1 user info, 2 parameter, 3 message, 4 GUID, 10 multi-info
  object_id    the datapoint number (1 for multi-info)
  property_id  1 for infos and multi-info; for parameters 5 flash value, 6 min, 7 max,
               8 level, 13 RAM value
  format       bool, short_enum, long_enum, int32, float, byte_stream, error, string (any case);
               for a datapoint of Studer's appendix, its own format (or byte_stream, the raw bytes)
  property_data  multi-info only: (object_id:aggregation),… with aggregation master,
               average, sum or a device index 1–15`,
  options: {},
  optionHelp: [
    '  --verb N        0 the value, 1 with unit and label, 2 with the datapoint\'s name (default),',
    '                  3 also every frame in hex on stderr',
    '  --json          one line of JSON',
  ],
  examples: [
    'xcom --port=/dev/ttyUSB0 --verb=1 read_property 101 1 3000 1 float    # battery voltage',
    'xcom read_property 101 2 1138 5 float                                  # charge current, flash',
    'xcom read_property 501 10 1 1 byte_stream "(3000:Average),(3080:Sum),(7000:master)"',
    'xcom read_property dst_addr=101 object_type=1 object_id=3000 property_id=1 format=FLOAT',
  ],
  connection: 'use',
  async run({ positionals, io, verb, json, withClient }) {
    const request = parsePropertyArgs(positionals, 'read_property');
    if (request.objectType !== 10 && request.data !== undefined) {
      throw new UsageError(`property_data is for multi-info only (object type 10); got "${request.data}"`);
    }
    const datapoint = datapointAt(request.objectType, request.objectId, request.dstAddr);
    checkCatalogueFormat(datapoint, request.propertyId, request.format, true);
    const srcAddr = request.srcAddr === undefined ? {} : { srcAddr: request.srcAddr };
    await withClient(async (client) => {
      if (request.objectType === 10) return readMulti(client, request, io, verb, json);
      const { dstAddr, objectType, objectId, propertyId, format } = request;
      const value = await client.readProperty({ dstAddr, objectType, objectId, propertyId, format });
      const title = TITLES[objectType]?.(objectId);
      const reading: Reading = {
        id: objectId,
        datapoint,
        format,
        value,
        address: dstAddr,
        property: propertyId,
        ...(title === undefined ? {} : { title }),
      };
      if (json) printJson(io, readingJson(reading));
      else io.out(formatReading(reading, verb));
    }, srcAddr);
  },
});
