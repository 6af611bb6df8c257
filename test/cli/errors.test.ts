// Bad input and failures: the exit code (2 usage, 3 connection or timeout, 4 device error) and
// one line on stderr that says what to check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/simulator/free-port.js';
import { freeUdpPort, type SimFixture, simFixture, xcom } from './harness.js';

let fx: SimFixture;
beforeAll(async () => {
  fx = await simFixture();
});
afterAll(() => fx.close());

function oneLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  return lines[0] as string;
}

describe('usage errors: exit 2, nothing sent', () => {
  const cases: [string, () => string[], RegExp][] = [
    ['an unknown datapoint name, with suggestions', () => ['get', 'battery_voltag', '--url', fx.url], /^xcom get: unknown datapoint "battery_voltag": did you mean XT_BATTERY_VOLTAGE \{3000\}/],
    ['an unknown datapoint number', () => ['get', '99999', '--url', fx.url], /^xcom get: unknown datapoint 99999/],
    ['a bad format name', () => ['read_property', '101', '1', '3000', '1', 'flot', '--url', fx.url], /^xcom read_property: unknown format "flot": use bool, .*short_enum.*byte_stream/],
    ['a value out of range, with the allowed range', () => ['set', '1138', '500', '--url', fx.url], /^xcom set: \{1138\} Battery charge current: 500 Adc is above the maximum 200 Adc \(allowed 0 to 200\)$/],
    ['an out-of-range raw flash write', () => ['write_property', '100', '2', '1138', '5', 'float', '-1', '--url', fx.url], /below the minimum 0 Adc/],
    ['an unknown enum label', () => ['set', '1311', 'Sometimes', '--url', fx.url], /has no label "Sometimes"; labels: 1 Automatic, 2 Reversed automatic, 4 Manual ON, 8 Manual OFF/],
    ['a value between one-bit enum values', () => ['set', '1311', '3', '--url', fx.url], /3 is not one of its values \(exactly one of these bits\)/],
    ['a malformed multi-info item', () => ['read_property', '501', '10', '1', '1', 'byte_stream', '(3000:Average),3080', '--url', fx.url], /^xcom read_property: malformed multi-info item "3080": write \(object_id:aggregation\)/],
    ['an unbalanced multi-info item', () => ['read_property', '501', '10', '1', '1', 'byte_stream', '(3000:Sum', '--url', fx.url], /malformed multi-info item "\(3000:Sum"/],
    ['an unknown aggregation', () => ['read_property', '501', '10', '1', '1', 'byte_stream', '(3000:median)', '--url', fx.url], /unknown aggregation "median"/],
    ['a missing multi-info list', () => ['read_property', '501', '10', '1', '1', 'byte_stream', '--url', fx.url], /multi-info needs its list/],
    ['multi-info read as float', () => ['read_property', '501', '10', '1', '1', 'float', '(3000:sum)', '--url', fx.url], /is read as byte_stream, not float/],
    ['missing fields', () => ['read_property', '101', '1', '--url', fx.url], /^xcom read_property: missing object_id, property_id, format \(xcom read_property --help\)$/],
    ['a non-numeric address', () => ['read_property', 'x', '1', '3000', '1', 'float', '--url', fx.url], /dst_addr must be an integer/],
    ['an unknown scom.exe field', () => ['read_property', 'dst=101', '--url', fx.url], /unknown field "dst"/],
    ['a format the catalogue contradicts', () => ['write_property', '100', '2', '1138', '13', 'int32', '25', '--url', fx.url], /is float in Studer's appendix, not int32/],
    ['a write to a user info', () => ['set', 'XT_BATTERY_VOLTAGE', '50', '--url', fx.url], /is a user info: it is read-only/],
    ['an unknown option', () => ['get', '3000', '--bogus', '--url', fx.url], /^xcom get: Unknown option '--bogus' \(xcom get --help\)$/],
    ['a bad --verb', () => ['get', '3000', '--verb', '7', '--url', fx.url], /--verb must be an integer from 0 to 3/],
    ['a bad --bps', () => ['get', '3000', '--port', '/dev/ttyUSB0', '--bps', '9600'], /--bps must be 38400 or 115200/],
    ['a bad --parity', () => ['get', '3000', '--port', '/dev/ttyUSB0', '--parity', 'odd'], /--parity must be even or none/],
    ['a bad --timeout', () => ['get', '3000', '--url', fx.url, '--timeout', 'soon'], /--timeout must be a duration/],
    ['a bad URL', () => ['get', '3000', '--url', 'http://example'], /unknown scheme "http:"/],
    ['a bare host for --url, with the URL meant', () => ['get', '3000', '--url', '127.0.0.1'], /^xcom get: --url "127\.0\.0\.1" is neither a URL \(udp:\/\/, tcp:\/\/, tcp-listen:\/\/, serial:\/\/\) nor a device path \(\/dev\/ttyUSB0, COM3\): did you mean udp:\/\/127\.0\.0\.1\?$/],
    ['a host and port for --port', () => ['get', '3000', '--port', '127.0.0.1:4002'], /--port "127\.0\.0\.1:4002" is neither .*: did you mean udp:\/\/127\.0\.0\.1:4002\?$/],
    ['an IPv6 host', () => ['get', '3000', '--url', '::1'], /did you mean udp:\/\/\[::1\]\?$/],
    ['udp:/host', () => ['get', '3000', '--url', 'udp:/127.0.0.1'], /--url "udp:\/127\.0\.0\.1" is neither .*: did you mean udp:\/\/127\.0\.0\.1\?$/],
    ['tcp:host:port', () => ['get', '3000', '--url', 'tcp:127.0.0.1:4001'], /did you mean tcp:\/\/127\.0\.0\.1:4001\?$/],
    ['serial:/dev/…', () => ['get', '3000', '--url', 'serial:/dev/ttyUSB0'], /did you mean serial:\/\/\/dev\/ttyUSB0\?$/],
    ['a device name without /dev/', () => ['get', '3000', '--port', 'ttyUSB0'], /--port "ttyUSB0" is neither .*: did you mean \/dev\/ttyUSB0\?$/],
    ['a relative device path', () => ['get', '3000', '--port', './xcom-a'], /--port "\.\/xcom-a" is neither .*: did you mean \/.*\/xcom-a\?$/],
    ['--url and --port together', () => ['get', '3000', '--url', fx.url, '--port', '/dev/ttyUSB0'], /give --url or --port, not both/],
    ['no installation at all', () => ['get', '3000'], /no installation given: use --port \/dev\/ttyUSB0 \(or COM3\), --url udp:\/\/HOST/],
    ['an unknown command', () => ['frobnicate'], /^xcom: unknown command "frobnicate" \(xcom --help lists the commands\)$/],
  ];
  for (const [what, args, message] of cases) {
    it(what, async () => {
      const before = fx.sim.requests.size;
      const run = await xcom(args());
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(oneLine(run.stderr)).toMatch(message);
      expect(fx.sim.requests.size).toBe(before);
    });
  }

  it('an XCOM_URL that is neither a URL nor a device path, before anything is sent', async () => {
    const before = fx.sim.requests.size;
    const run = await xcom(['get', '3000'], { env: { XCOM_URL: 'udp:127.0.0.1' } });
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(oneLine(run.stderr)).toMatch(/^xcom get: XCOM_URL "udp:127\.0\.0\.1" is neither .*: did you mean udp:\/\/127\.0\.0\.1\?$/);
    expect(fx.sim.requests.size).toBe(before);
  });

  it('no command prints the help on stderr', async () => {
    const run = await xcom([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^Usage: xcom/);
  });
});

describe('connection failures: exit 3', () => {
  it('a serial port that does not exist', async () => {
    const run = await xcom(['--port=/dev/ttyXCOM-NOPE', '--bps=38400', 'read_property', '101', '1', '3000', '1', 'float']);
    expect(run.code).toBe(3);
    expect(oneLine(run.stderr)).toMatch(/^xcom read_property: .*\/dev\/ttyXCOM-NOPE.*: check --port \(xcom test looks for the Xcom-232i on every serial port\)$/);
  });

  it('a Windows port name that does not exist here is a missing device, not a usage error', async () => {
    const run = await xcom(['get', '3000', '--port', 'COM7']);
    expect(run.code).toBe(3);
    expect(oneLine(run.stderr)).toMatch(/^xcom get: .*COM7.*: check --port/);
  });

  it('a TCP port that refuses', async () => {
    const closed = await freePort('127.0.0.1');
    const run = await xcom(['get', '3000', '--url', `tcp://127.0.0.1:${closed}`]);
    expect(run.code).toBe(3);
    expect(oneLine(run.stderr)).toMatch(/^xcom get: cannot connect to tcp:\/\/127\.0\.0\.1:\d+.*: check the host and port/);
  });

  it('an Xcom-LAN that does not answer in time', async () => {
    const [remote, local] = [await freeUdpPort(), await freeUdpPort()];
    const run = await xcom(['get', '3000', '--url', `udp://127.0.0.1:${remote}?localPort=${local}`, '--timeout', '100ms']);
    expect(run.code).toBe(3);
    expect(oneLine(run.stderr)).toMatch(/^xcom get: no answer from address 101 .* within 100 ms \(3 attempts\) over udp:\/\/127\.0\.0\.1:\d+: check the URL/);
  });

  it('the simulator dropping every reply', async () => {
    fx.sim.endpoint('udp').faults.next('drop', 3);
    const run = await xcom(['read_property', '101', '1', '3000', '1', 'float', '--url', fx.url, '--timeout', '100ms']);
    expect(run.code).toBe(3);
    expect(oneLine(run.stderr)).toMatch(/no answer from address 101/);
  });
});

describe('device errors: exit 4, by the spec name', () => {
  it('an object the device does not have', async () => {
    const run = await xcom(['read_property', '101', '1', '99999', '1', 'float', '--url', fx.url]);
    expect(run.code).toBe(4);
    expect(oneLine(run.stderr)).toMatch(/^xcom read_property: the device refused: OBJECT_ID_NOT_FOUND \(0x0022\) from address 101/);
  });

  it('an address where no device is', async () => {
    const run = await xcom(['get', '3000', '--addr', '109', '--url', fx.url]);
    expect(run.code).toBe(4);
    expect(oneLine(run.stderr)).toMatch(/DEVICE_NOT_FOUND \(0x0002\) from address 109/);
  });

  it('a reply that does not fit the format given', async () => {
    // The catalogue's datapoints are refused in a contradicting format before sending; the
    // GUID (object type 4) is not in the catalogue, so its reply is what the format meets.
    const run = await xcom(['read_property', '501', '4', '0', '0', 'bool', '--url', fx.url]);
    expect(run.code).toBe(4);
    expect(oneLine(run.stderr)).toMatch(/a BOOL value takes 1 bytes, the reply carries 16 \(check the format\)/);
  });
});
