/**
 * `xcom simulate`: start a simulated Studer installation and tell how to reach it.
 * @module
 */
import { checkBatteryVoltage } from '../catalogue/battery-voltage.js';
import { type Simulator, type SimulatorOptions, startSimulator } from '../simulator/simulator.js';
import { integerOption, parseCommandLine, withOptionalValues } from './args.js';
import { UsageError } from './command.js';
import { defineCommand } from './define-command.js';
import { openPtyPair, type PtyPair } from './pty-pair.js';
import { printEndpoints, reportOutgoingLinks } from './simulate-report.js';

const SIMULATE_OPTIONS = {
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
  'max-connections': { type: 'string' },
  'reply-queue': { type: 'string' },
  screen: { type: 'string' },
} as const;

type SimulateValues = { readonly [K in keyof typeof SIMULATE_OPTIONS]?: string | undefined };

/** What `xcom simulate` starts. */
export interface SimulatePlan {
  /** The simulator's options; with {@link ptyPair}, `serial` is set once the pair exists. */
  readonly options: SimulatorOptions;
  /** `--serial` without a path: make a pty pair with socat and serve one end. */
  readonly ptyPair: boolean;
}

function integer(value: string | undefined, name: string, min: number, max: number): number | undefined {
  return integerOption(value, `--${name}`, min, max);
}

function choice<T extends string>(value: string | undefined, name: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

function planOf(values: SimulateValues, positionals: readonly string[]): SimulatePlan {
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
  const maxConnections = integer(values['max-connections'], 'max-connections', 1, 10_000);
  const replyQueueLimit = integer(values['reply-queue'], 'reply-queue', 1, 100_000);
  const screen = choice(values.screen, 'screen', ['raw', 'rle', 'none'] as const);
  if (maxConnections !== undefined && tcpListen === undefined) throw new UsageError('--max-connections applies to --tcp-listen only');
  const tcpConnect = values['tcp-connect'];
  if (tcpConnect !== undefined && !/^(\[[^\]]+\]|[^:]+):\d+$/.test(tcpConnect)) {
    throw new UsageError(`--tcp-connect must be HOST:PORT, got "${tcpConnect}"`);
  }
  const serial = values.serial?.trim();
  const none = udp === undefined && tcpListen === undefined && tcpConnect === undefined && serial === undefined;
  const udpPort = none ? 4002 : udp;
  const options: SimulatorOptions = {
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
    ...(tcpListen === undefined
      ? {}
      : { tcpListen: { port: tcpListen, host, ...(maxConnections === undefined ? {} : { maxConnections }) } }),
    ...(tcpConnect === undefined ? {} : { tcpConnect }),
    ...(serial === undefined || serial === '' ? {} : { serial }),
    ...(seed === undefined ? {} : { seed }),
    ...(latencyMs === undefined && baudRate === undefined
      ? {}
      : { link: { ...(latencyMs === undefined ? {} : { latencyMs }), ...(baudRate === undefined ? {} : { baudRate }) } }),
    ...(battery === undefined ? {} : { battery }),
    ...(variant === undefined ? {} : { variant }),
    ...(voltage === undefined ? {} : { batteryVoltage: checkBatteryVoltage(Number(voltage)) }),
    ...(multicastRead === undefined ? {} : { multicastRead }),
    ...(replyQueueLimit === undefined ? {} : { replyQueueLimit }),
    ...(screen === undefined ? {} : { screen: screen === 'none' ? false : screen }),
  };
  return { options, ptyPair: serial === '' };
}

/** Turns a command line into what `xcom simulate` starts (for tests). */
export function simulatePlan(args: readonly string[]): SimulatePlan {
  const { values, positionals } = parseCommandLine(withOptionalValues(args, ['serial']), SIMULATE_OPTIONS);
  return planOf(values, positionals);
}

/** The `simulate` command. */
export const simulateCommand = defineCommand({
  name: 'simulate',
  synopsis: 'xcom simulate [options]',
  description: `Start a simulated Studer installation (3 Xtenders, 2 VarioTracks, 1 VarioString, a BSP and
the Xcom-232i at 501) that answers Scom like the hardware. Without a transport option it
serves UDP on port 4002, as an Xcom-LAN. It runs until Ctrl+C (exit code 130).

On exit (Ctrl+C, SIGTERM) one line goes to stderr: "stats " and a JSON object with each
endpoint's counters (requests answered and dropped, replies discarded, peak queue, connections
refused), the process's peak memory (maxRssMB) and CPU time (cpuSeconds).`,
  options: SIMULATE_OPTIONS,
  optionHelp: [
    '  --udp PORT              serve as an Xcom-LAN over UDP, listening on PORT',
    '  --client-port PORT      the UDP port replies go to (default 4001)',
    '  --client-host HOST      the UDP host replies go to (default 127.0.0.1)',
    '  --tcp-listen PORT       serve as a Moxa in "TCP server" mode (clients connect to PORT)',
    '  --tcp-connect HOST:PORT serve as a Moxa in "TCP client" mode (connect to your listener)',
    '  --serial [PATH]         serve on a serial line: without PATH, on a pty pair made with socat',
    '                          (it prints the end to open); with PATH, on that device (e.g. one',
    '                          end of a socat pair: the client opens the other end)',
    '  --host ADDR             the address to listen on (default 127.0.0.1)',
    '  --seed N                the seed of every simulated value (default 1)',
    "  --latency MS            the gateway's response latency (default 0)",
    '  --baud N                add the wire time of each request and reply at N baud,',
    '                          8E1 (one exchange at a time, as on the RS-232 line)',
    '  --battery KIND          bsp (default), bms or none',
    '  --variant V             230V (default) or 120V',
    "  --battery-voltage N     48 (default), 24 or 12: the battery's nominal voltage (its",
    '                          infos, and the ranges of the battery voltage parameters)',
    "  --multicast-read MODE   master (default: reads at 100/300/… return the master's value)",
    "                          or error (the spec's SCOM_ERROR_MULTICAST_READ_NOT_SUPPORTED)",
    '  --max-connections N     clients served at once on --tcp-listen (default 4); more are refused',
    '  --reply-queue N         replies held per client before its requests are dropped (default 8)',
    '  --screen FORM           how the RCC screen is sent: raw (default, as real gateways do),',
    "                          rle (the spec's run-length form) or none (no screen object)",
  ],
  examples: [
    "xcom simulate                                  # then: xcom get 3000 --url 'udp://127.0.0.1:4002?localPort=4001'",
    'xcom simulate --tcp-listen 4001 --seed 7       # then: xcom get 3000 --url tcp://127.0.0.1:4001',
    'xcom simulate --serial                         # then: xcom get 3000 --port /dev/pts/N (the end it prints)',
    'socat pty,rawer,link=/tmp/xcom-a pty,rawer,link=/tmp/xcom-b &',
    'xcom simulate --serial /tmp/xcom-b             # then: xcom test --candidates /tmp/xcom-a',
  ],
  connection: 'none',
  output: false,
  optionalValues: ['serial'],
  async run({ values, positionals, io, signal, untilStopped }) {
    const plan = planOf(values, positionals);
    const pty: PtyPair | undefined = plan.ptyPair ? await openPtyPair() : undefined;
    try {
      if (signal.aborted) return;
      const sim = await startSimulator(pty === undefined ? plan.options : { ...plan.options, serial: pty.device });
      try {
        printEndpoints(io, sim, { path: values.serial, pty });
        reportOutgoingLinks(io, sim, signal);
        io.out('Press Ctrl+C to stop.');
        await untilStopped();
      } finally {
        await sim.close();
        io.err(statsLine(sim));
      }
      io.out(`Stopped after ${sim.requests.size} request(s).`);
    } finally {
      await pty?.close();
    }
  },
});

/** What the endpoints counted, and the peak memory, as one machine-readable line. */
function statsLine(sim: Simulator): string {
  const endpoints = Object.fromEntries(sim.endpoints.map((e) => [e.name, { ...e.stats, replyQueueLimit: e.replyQueueLimit }]));
  const usage = process.resourceUsage();
  const maxRssMB = Math.round(usage.maxRSS / 1024);
  const cpuSeconds = Math.round((usage.userCPUTime + usage.systemCPUTime) / 1e4) / 100;
  return `stats ${JSON.stringify({ endpoints, maxRssMB, cpuSeconds })}`;
}
