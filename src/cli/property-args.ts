/**
 * The arguments of pyscom's `read_property` / `write_property`, positional
 * (`101 1 3000 1 float`) or in the `key=value` form of Studer's older `scom.exe`
 * (`dst_addr=101 object_type=1 object_id=3000 property_id=1 format=FLOAT`), or a mix.
 * @module
 */
import type { ScomFormat } from '../protocol/format.js';
import { integerOption } from './args.js';
import { UsageError } from './command.js';

/** What a property command addresses. */
export interface PropertyArgs {
  /** Our source address (`src_addr=`, scom.exe only; default 1). */
  readonly srcAddr: number | undefined;
  /** Destination address. */
  readonly dstAddr: number;
  /** Object type (1 info, 2 parameter, 3 message, 4 GUID, 10 multi-info). */
  readonly objectType: number;
  /** Object id. */
  readonly objectId: number;
  /** Property id. */
  readonly propertyId: number;
  /** The value format. */
  readonly format: ScomFormat;
  /** `property_data`: the value to write, or the multi-info list. */
  readonly data: string | undefined;
}

/** Format names as pyscom and scom.exe write them (any case); `stream` is the spec's short name. */
const FORMATS: Readonly<Record<string, ScomFormat>> = {
  bool: 'BOOL',
  format: 'FORMAT',
  short_enum: 'SHORT_ENUM',
  error: 'ERROR',
  int32: 'INT32',
  float: 'FLOAT',
  long_enum: 'LONG_ENUM',
  string: 'STRING',
  dynamic: 'DYNAMIC',
  byte_stream: 'BYTE_STREAM',
  stream: 'BYTE_STREAM',
};

/** A format name, any case (`float`, `FLOAT`, `byte_stream`, `stream`). */
export function parseFormat(text: string): ScomFormat {
  const format = FORMATS[text.trim().toLowerCase()];
  if (format === undefined) throw new UsageError(`unknown format "${text}": use ${Object.keys(FORMATS).join(', ')}`);
  return format;
}

const FIELDS = ['dst_addr', 'object_type', 'object_id', 'property_id', 'format', 'property_data'] as const;
type Field = (typeof FIELDS)[number] | 'src_addr';
const KEYED = /^([a-z_]+)=(.*)$/is;

/**
 * Reads the fields of a property command. Extra words after `property_data` belong to it: a
 * multi-info list split by the shell (`(3000:Average), (3080:Sum)`) is joined with commas, a
 * value with spaces.
 */
export function parsePropertyArgs(positionals: readonly string[], command: 'read_property' | 'write_property'): PropertyArgs {
  const fields = new Map<Field, string>();
  const loose: string[] = [];
  for (const arg of positionals) {
    const keyed = KEYED.exec(arg);
    const key = keyed?.[1]?.toLowerCase();
    if (keyed !== null && key !== undefined && (key === 'src_addr' || (FIELDS as readonly string[]).includes(key))) {
      if (fields.has(key as Field)) throw new UsageError(`${key} is given twice`);
      fields.set(key as Field, keyed[2] ?? '');
    } else if (keyed !== null && !arg.startsWith('(')) {
      throw new UsageError(`unknown field "${keyed[1] ?? ''}" (fields: src_addr, ${FIELDS.join(', ')})`);
    } else {
      loose.push(arg);
    }
  }
  for (const field of FIELDS) {
    if (fields.has(field) || loose.length === 0) continue;
    if (field === 'property_data') {
      const joined = command === 'read_property' ? loose.join(',') : loose.join(' ');
      fields.set(field, joined);
      loose.length = 0;
    } else {
      fields.set(field, loose.shift() as string);
    }
  }
  if (loose.length > 0) throw new UsageError(`unexpected argument "${loose[0] ?? ''}"`, { seeHelp: true });
  const missing = FIELDS.filter((f) => f !== 'property_data' && !fields.has(f));
  if (command === 'write_property' && !fields.has('property_data')) missing.push('property_data');
  if (missing.length > 0) throw new UsageError(`missing ${missing.join(', ')}`, { seeHelp: true });
  const number = (field: Field, max: number): number => integerOption(fields.get(field), field, 0, max) as number;
  return {
    srcAddr: integerOption(fields.get('src_addr'), 'src_addr', 0, 0xffffffff),
    dstAddr: number('dst_addr', 0xffffffff),
    objectType: number('object_type', 0xffff),
    objectId: number('object_id', 0xffffffff),
    propertyId: number('property_id', 0xffff),
    format: parseFormat(fields.get('format') as string),
    data: fields.get('property_data'),
  };
}
