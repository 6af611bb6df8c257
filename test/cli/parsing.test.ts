// The CLI's parsers and mappings, in process.
import { describe, expect, it } from 'vitest';
import { durationOption, parseCommandLine } from '../../src/cli/args.js';
import { UsageError } from '../../src/cli/command.js';
import { resolveConnection } from '../../src/cli/connection-options.js';
import { GLOBAL_OPTIONS } from '../../src/cli/global-options.js';
import { checkDevicePath, transportUrl } from '../../src/cli/url-arg.js';
import { EXIT, failureOf } from '../../src/cli/exit-codes.js';
import { parseMultiInfoList } from '../../src/cli/multi-info-arg.js';
import { parseFormat, parsePropertyArgs } from '../../src/cli/property-args.js';
import { float32Text, labelOfReading } from '../../src/cli/reading.js';
import { TracingTransport } from '../../src/cli/trace-transport.js';
import { parseValue } from '../../src/cli/value-arg.js';
import { XcomP } from '../../src/catalogue/xcomp.js';
import { XcomDeviceError, XcomTimeoutError, XcomTransportError, XcomValidationError } from '../../src/errors.js';
import { MemoryTransport } from '../../src/transport/memory-transport.js';
import { encodeRequest } from '../../src/protocol/service.js';

describe('command lines', () => {
  it('keeps negative numbers as values, as options or positionals', () => {
    const { values, positionals } = parseCommandLine(['1139', '-4', '--timeout', '-1', '-0.5'], GLOBAL_OPTIONS);
    expect(positionals).toEqual(['1139', '-4', '-0.5']);
    expect(values.timeout).toBe('-1');
    expect(() => parseCommandLine(['-x'], GLOBAL_OPTIONS)).toThrow(UsageError);
  });

  it('reads durations: units, bare seconds, bounds', () => {
    expect(durationOption('2s', 't', 60_000)).toBe(2000);
    expect(durationOption('500ms', 't', 60_000)).toBe(500);
    expect(durationOption('1.5', 't', 60_000)).toBe(1500);
    expect(durationOption('1m', 't', 60_000)).toBe(60_000);
    expect(durationOption(undefined, 't', 1)).toBeUndefined();
    for (const bad of ['', '2 days', '0', '-1s', '2h']) expect(() => durationOption(bad, 't', 60_000)).toThrow(UsageError);
  });

  it('turns --port into a URL and takes XCOM_URL last', () => {
    expect(transportUrl('/dev/ttyUSB0', '--port')).toBe('serial:///dev/ttyUSB0');
    expect(transportUrl('COM3', '--port')).toBe('serial://COM3');
    expect(transportUrl('udp://127.0.0.5', '--port')).toBe('udp://127.0.0.5');
    expect(resolveConnection({ port: 'COM3', bps: '115200', parity: 'NONE' }, { XCOM_URL: 'udp://x' })).toEqual({
      url: 'serial://COM3',
      transport: { baudRate: 115200, parity: 'none' },
      client: {},
    });
    expect(resolveConnection({ url: 'udp://x', timeout: '500ms' }, {}).client).toEqual({ timeoutMs: 500 });
    expect(resolveConnection({}, { XCOM_URL: ' /dev/ttyACM0 ' }).url).toBe('serial:///dev/ttyACM0');
  });

  it('refuses a place that is neither a URL nor a device path, with the form meant', () => {
    const meant = (text: string): string | undefined => {
      try {
        transportUrl(text, '--url');
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return /did you mean (\S+)\?$/.exec((error as Error).message)?.[1] ?? 'none';
      }
      return undefined;
    };
    expect(meant('udp://127.0.0.1')).toBeUndefined();
    expect(meant('\\\\.\\COM12')).toBeUndefined();
    expect(meant('127.0.0.50')).toBe('udp://127.0.0.50');
    expect(meant('udp//127.0.0.50')).toBe('udp://127.0.0.50');
    expect(meant('tcp-listen:/:4001')).toBe('tcp-listen://:4001');
    expect(meant('serial:COM3')).toBe('serial://COM3');
    expect(meant('cu.usbserial-1')).toBe('/dev/cu.usbserial-1');
    expect(meant('dev/ttyS0')).toMatch(/^\/.*\/dev\/ttyS0$/);
    expect(meant('what is this')).toBe('none');
    expect(transportUrl('/tmp/a b?c', '--port')).toBe('serial:///tmp/a b%3Fc');
    expect(() => checkDevicePath('/dev/ttyUSB0', '--candidates')).not.toThrow();
    expect(() => checkDevicePath('ttyUSB1', '--candidates')).toThrow('--candidates "ttyUSB1" is not a device path (/dev/ttyUSB0, COM3): did you mean /dev/ttyUSB1?');
    expect(() => checkDevicePath('udp://x', '--port')).toThrow(/^--port "udp:\/\/x" is not a device path \(\/dev\/ttyUSB0, COM3\)$/);
  });
});

describe('pyscom arguments', () => {
  it('mixes positional and key=value fields in any order', () => {
    expect(parsePropertyArgs(['object_id=3000', '101', '1', 'property_id=1', 'Float'], 'read_property')).toEqual({
      srcAddr: undefined,
      dstAddr: 101,
      objectType: 1,
      objectId: 3000,
      propertyId: 1,
      format: 'FLOAT',
      data: undefined,
    });
    expect(parsePropertyArgs(['100', '2', '5012', '13', 'string', 'hello', 'world'], 'write_property').data).toBe('hello world');
    expect(() => parsePropertyArgs(['dst_addr=1', 'dst_addr=2'], 'read_property')).toThrow(/dst_addr is given twice/);
    expect(() => parsePropertyArgs(['101', '2', '1138', '13', 'float'], 'write_property')).toThrow(/missing property_data/);
    expect(() => parsePropertyArgs(['101', '1', '3000', '1', 'float', '0x10'], 'read_property')).not.toThrow();
  });

  it('reads every format name of pyscom and the spec, any case', () => {
    expect(['bool', 'SHORT_ENUM', 'long_enum', 'Int32', 'float', 'byte_stream', 'stream', 'error', 'string'].map(parseFormat)).toEqual([
      'BOOL', 'SHORT_ENUM', 'LONG_ENUM', 'INT32', 'FLOAT', 'BYTE_STREAM', 'BYTE_STREAM', 'ERROR', 'STRING',
    ]);
    expect(() => parseFormat('double')).toThrow(/unknown format "double"/);
  });

  it('reads multi-info lists, with or without parentheses, device indexes included', () => {
    expect(parseMultiInfoList('(3000:Average),(3080:Sum),(7000:master), 11000:2 ,(3000:0)')).toEqual([
      { id: 3000, aggregation: 'average' },
      { id: 3080, aggregation: 'sum' },
      { id: 7000, aggregation: 'master' },
      { id: 11000, aggregation: 2 },
      { id: 3000, aggregation: 'master' },
    ]);
    for (const bad of ['(3000)', '(3000:16)', '(x:sum)', '3000:sum)', '']) expect(() => parseMultiInfoList(bad)).toThrow(UsageError);
    expect(() => parseMultiInfoList(Array.from({ length: 77 }, () => '(3000:sum)').join(','))).toThrow(/at most 76/);
  });

  it('parses values by format, enums by label', () => {
    expect(parseValue('yes', 'BOOL', undefined)).toBe(true);
    expect(parseValue('manual on', 'LONG_ENUM', XcomP.XT_OPERATING_MODE_AUX_2)).toBe(4);
    expect(parseValue('0x8', 'LONG_ENUM', undefined)).toBe(8);
    expect(parseValue('0a 1b', 'BYTE_STREAM', undefined)).toEqual(Uint8Array.of(0x0a, 0x1b));
    expect(() => parseValue('Automatic', 'LONG_ENUM', undefined)).toThrow(/takes an integer/);
    expect(() => parseValue('2.5', 'INT32', undefined)).toThrow(/takes an integer/);
    expect(() => parseValue('abc', 'BYTE_STREAM', undefined)).toThrow(/hex/);
  });
});

describe('display', () => {
  it('prints a float32 with the fewest digits that read back the same', () => {
    expect(float32Text(Math.fround(48.2))).toBe('48.2');
    expect(float32Text(Math.fround(0.1))).toBe('0.1');
    expect(float32Text(Math.fround(50.46724))).toBe('50.46724');
    expect(float32Text(1 / 3)).toBe(String(1 / 3)); // not a float32: left alone
  });

  it('names the bits of a bit field and the user levels', () => {
    const bitField = { ...XcomP.XT_OPERATING_MODE_AUX_2, longEnumMode: 'bit-field' as const };
    expect(labelOfReading({ id: 1311, datapoint: bitField, format: 'LONG_ENUM', value: 5 })).toBe('Automatic + Manual ON');
    expect(labelOfReading({ id: 1138, datapoint: XcomP.XT_BATTERY_CHARGE_CURRENT_BASIC_SETTINGS, format: 'SHORT_ENUM', value: 0x20, property: 8 })).toBe('EXPERT');
  });
});

describe('exit codes', () => {
  it('maps each failure to its code and a hint', () => {
    expect(failureOf(new UsageError('x')).code).toBe(EXIT.USAGE);
    expect(failureOf(new XcomValidationError('x')).code).toBe(EXIT.USAGE);
    expect(failureOf(new XcomTimeoutError('no answer over serial:///dev/ttyUSB0', 2000, 3))).toEqual({
      code: EXIT.CONNECTION,
      message: 'no answer over serial:///dev/ttyUSB0: check the cable, that the Xcom-232i is powered, and --bps / --parity (xcom test tries them)',
    });
    expect(failureOf(new XcomTransportError('PORT_NOT_FOUND', 'gone')).code).toBe(EXIT.CONNECTION);
    expect(failureOf(new XcomTransportError('MODULE_MISSING', 'npm install serialport')).message).toBe('npm install serialport');
    expect(failureOf(new XcomDeviceError(0x22, 'OBJECT_ID_NOT_FOUND', 'OBJECT_ID_NOT_FOUND (0x0022)')).code).toBe(EXIT.DEVICE);
    expect(failureOf(new Error('boom'))).toEqual({ code: EXIT.FAILURE, message: 'internal error: boom' });
  });
});

describe('--verb 3', () => {
  it('prints the frames that go through the transport, both ways', async () => {
    const [a, b] = MemoryTransport.pair();
    const lines: string[] = [];
    const traced = new TracingTransport(a, (line) => lines.push(line));
    await Promise.all([traced.open(), b.open()]);
    const request = encodeRequest({ dstAddr: 101, serviceId: 1, objectType: 1, objectId: 3000, propertyId: 1 });
    const arrived = new Promise<void>((resolve) => b.setFrameListener(() => resolve()));
    await traced.send(request);
    await arrived;
    const back = new Promise<void>((resolve) => traced.setFrameListener(() => resolve()));
    await b.send(request);
    await back;
    expect(lines).toEqual([
      '> aa 00 01 00 00 00 65 00 00 00 0a 00 6f 71 00 01 01 00 b8 0b 00 00 01 00 c5 90',
      '< aa 00 01 00 00 00 65 00 00 00 0a 00 6f 71 00 01 01 00 b8 0b 00 00 01 00 c5 90',
    ]);
    expect(traced.description).toBe(a.description);
    await traced.close();
    await b.close();
  });
});
