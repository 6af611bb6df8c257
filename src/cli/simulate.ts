/**
 * `xcom simulate`: start a simulated Studer installation and tell how to reach it.
 * @module
 */
import { checkBatteryVoltage } from '../catalogue/battery-voltage.js';
import { startSimulator, type SimulatorOptions } from '../simulator/simulator.js';
import { parseCommandLine } from './args.js';
import { type CliCommand, UsageError } from './command.js';
import type { CliIo } from './io.js';

const USAGE = `Usage: xcom simulate [options]

Start a simulated Studer installation (3 Xtenders, 2 VarioTracks, 1 VarioString, a BSP and
the Xcom-232i at 501) that answers Scom like the hardware. Without a transport option it
serves UDP on port 4002, as an Xcom-LAN.

Options:
  --udp PORT              serve as an Xcom-LAN over UDP, listening on PORT
  --client-port PORT      the UDP port replies go to (default 4001)
  --client-host HOST      the UDP host replies go to (default 127.0.0.1)
  --tcp-listen PORT       serve as a Moxa in "TCP server" mode (clients connect to PORT)
  --tcp-connect HOST:PORT serve as a Moxa in "TCP client" mode (connect to your listener)
  --serial PATH           serve on a serial device (e.g. one end of a socat pty pair)
  --host ADDR             the address to listen on (default 127.0.0.1)
  --seed N                the seed of every simulated value (default 1)
  --latency MS            the gateway's response latency (default 0)
  --baud N                add the wire time of each request and reply at N baud,
                          8E1 (one exchange at a time, as on the RS-232 line)
  --battery KIND          bsp (default), bms or none
  --variant V             230V (default) or 120V
  --battery-voltage N     48 (default), 24 or 12: the battery's nominal voltage (its
                          infos, and the ranges of the battery voltage parameters)
  --multicast-read MODE   master (default: reads at 100/300/… return the master's value)
                          or error (the spec's SCOM_ERROR_MULTICAST_READ_NOT_SUPPORTED)
  -h, --help              show this help

Examples:
  xcom simulate                                  # then: xcom get 3000 --url 'udp://127.0.0.1:4002?localPort=4001'
  xcom simulate --tcp-listen 4001 --seed 7       # then: xcom get 3000 --url tcp://127.0.0.1:4001
  socat pty,rawer,link=/tmp/xcom-a pty,rawer,link=/tmp/xcom-b &
  xcom simulate --serial /tmp/xcom-b             # then: xcom test --candidates /tmp/xcom-a`;

function integer(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${value}"`);
  return n;
}

function choice<T extends string>(value: string | undefined, name: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

/** Turns the command line into simulator options (exported for tests). */
export function simulateOptions(args: readonly string[]): SimulatorOptions {
  const { values, positionals } = parseCommandLine(args, {
    udp: { type: 'string' },
    'client-port': { type: 'string' },
    'client-host': { type: 'string' },
    'tcp-listen': { type: 'string' },
    'tcp-connect': { type: 'string' },
    serial: { type: 'string' },
    host: { type: 'string' },
    seed: { type: 'string' },
    latency: { type: 'string' },
    baud: { type: 'string' },
    battery: { type: 'string' },
    variant: { type: 'string' },
    'battery-voltage': { type: 'string' },
    'multicast-read': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (positionals.length > 0) throw new UsageError(`simulate takes options only, got "${positionals[0] ?? ''}"`, { seeHelp: true });
  const host = values.host ?? '127.0.0.1';
  const udp = integer(values.udp, 'udp', 0, 65535);
  const tcpListen = integer(values['tcp-listen'], 'tcp-listen', 0, 65535);
  const latencyMs = integer(values.latency, 'latency', 0, 600_000);
  const baudRate = integer(values.baud, 'baud', 1, 10_000_000);
  const seed = integer(values.seed, 'seed', 0, 2 ** 32 - 1);
  const clientPort = integer(values['client-port'], 'client-port', 1, 65535);
  const battery = choice(values.battery, 'battery', ['bsp', 'bms', 'none'] as const);
  const variant = choice(values.variant, 'variant', ['230V', '120V'] as const);
  const voltage = choice(values['battery-voltage'], 'battery-voltage', ['48', '24', '12'] as const);
  const multicastRead = choice(values['multicast-read'], 'multicast-read', ['master', 'error'] as const);
  const tcpConnect = values['tcp-connect'];
  if (tcpConnect !== undefined && !/^(\[[^\]]+\]|[^:]+):\d+$/.test(tcpConnect)) {
    throw new UsageError(`--tcp-connect must be HOST:PORT, got "${tcpConnect}"`);
  }
  const none = udp === undefined && tcpListen === undefined && tcpConnect === undefined && values.serial === undefined;
  const udpPort = none ? 4002 : udp;
  return {
    ...(udpPort === undefined
      ? {}
      : {
          udp: {
            port: udpPort,
            host,
            clientHost: values['client-host'] ?? '127.0.0.1',
            ...(clientPort === undefined ? {} : { clientPort }),
          },
        }),
    ...(tcpListen === undefined ? {} : { tcpListen: { port: tcpListen, host } }),
    ...(tcpConnect === undefined ? {} : { tcpConnect }),
    ...(values.serial === undefined ? {} : { serial: values.serial }),
    ...(seed === undefined ? {} : { seed }),
    ...(latencyMs === undefined && baudRate === undefined
      ? {}
      : { link: { ...(latencyMs === undefined ? {} : { latencyMs }), ...(baudRate === undefined ? {} : { baudRate }) } }),
    ...(battery === undefined ? {} : { battery }),
    ...(variant === undefined ? {} : { variant }),
    ...(voltage === undefined ? {} : { batteryVoltage: checkBatteryVoltage(Number(voltage)) }),
    ...(multicastRead === undefined ? {} : { multicastRead }),
  };
}

const KIND: Readonly<Record<string, string>> = {
  udp: 'UDP (Xcom-LAN)',
  'tcp-listen': 'TCP, simulator listens (Moxa "TCP server")',
  'tcp-connect': 'TCP, simulator connects to you (Moxa "TCP client")',
  serial: 'serial (the simulator’s end: connect to the other end of the pair)',
};

async function run(args: readonly string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  const options = simulateOptions(args);
  const sim = await startSimulator(options);
  try {
    const devices = sim.installation.devices.map((d) => `${d.family} ${d.address}`).join(', ');
    io.out(`Simulated Studer installation, seed ${sim.installation.seed}, ${sim.installation.batteryVoltage} V battery: ${devices}`);
    io.out('Connect with:');
    const urls = sim.connectionUrls();
    sim.endpoints.forEach((e, i) => io.out(`  ${KIND[e.name] ?? e.name}: ${urls[i] ?? ''}`));
    io.out("  e.g. XcomClient.connect('" + (urls[0] ?? '') + "')");
    io.out('Press Ctrl+C to stop.');
    await io.waitForStop();
  } finally {
    await sim.close();
  }
  io.out(`Stopped after ${sim.requests.size} request(s).`);
  return 0;
}

/** The `simulate` command. */
export const simulateCommand: CliCommand = {
  name: 'simulate',
  usage: USAGE,
  run,
};
