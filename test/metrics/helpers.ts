// What the exporter tests share: a poll clock the test steps by hand, a reader of the
// exposition text, and an exporter on the in-memory simulator.
import type { MonitorStatus } from '../../src/bridge/installation-monitor.js';
import type { PollClock } from '../../src/client/poll-clock.js';
import type { XcomClientOptions } from '../../src/client/options.js';
import type { SimulatorOptions } from '../../src/simulator/simulator.js';
import type { ExporterOptions } from '../../src/metrics/exporter-options.js';
import { type MetricsExporter, startExporter } from '../../src/metrics/start-exporter.js';
import { simRig, type SimRig, T0 } from '../client/sim-rig.js';

/** A poll clock whose sleeps wait for `tick()`: after the first cycle, nothing is polled until the test says so. */
export function gateClock(): PollClock & { tick(): void; waiting(): number } {
  let t = 0;
  let sleepers: (() => void)[] = [];
  return {
    now: () => t,
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        signal?.addEventListener('abort', () => resolve(), { once: true });
        sleepers.push(() => {
          t += ms;
          resolve();
        });
      }),
    tick() {
      const now = sleepers;
      sleepers = [];
      for (const wake of now) wake();
    },
    waiting: () => sleepers.length,
  };
}

/** One sample of an exposition text: name, labels, value. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The samples of a Prometheus text exposition (comments left out). */
export function samples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (match === null) throw new Error(`not a sample line: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
      const raw = match[3]!;
      return { name: match[1]!, labels, value: raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw) };
    });
}

/** The samples named `name` whose labels include `labels`. */
export function find(text: string, name: string, labels: Readonly<Record<string, string>> = {}): Sample[] {
  return samples(text).filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

/** The value of the one sample named `name` with `labels`; throws when there is not exactly one. */
export function one(text: string, name: string, labels: Readonly<Record<string, string>> = {}): number {
  const found = find(text, name, labels);
  if (found.length !== 1) throw new Error(`${found.length} samples ${name}${JSON.stringify(labels)}`);
  return found[0]!.value;
}

/** An exporter on the in-memory simulator, with a gate clock and a wall clock the test moves. */
export interface ExporterRig {
  readonly rig: SimRig;
  readonly exporter: MetricsExporter;
  readonly clock: ReturnType<typeof gateClock>;
  /** Wall-clock milliseconds the exporter sees. */
  wall: number;
  /** GET a path of the exporter. */
  get(path?: string, init?: RequestInit): Promise<Response>;
  /** Resolves at the monitor's next status `state`. */
  next(state: MonitorStatus['state']): Promise<MonitorStatus>;
  close(): Promise<void>;
}

/** Starts the simulator and an exporter on it (listening on a free loopback port). */
export async function exporterRig(
  options: Omit<ExporterOptions, 'client' | 'url'> = {},
  sim: SimulatorOptions = { seed: 3 },
  client: XcomClientOptions = { timeoutMs: 30, retries: 0 },
): Promise<ExporterRig> {
  const rig = await simRig(sim, client);
  const clock = gateClock();
  const state = { wall: T0 };
  // gateClock wakes every sleeper at each tick: re-discovery is off unless a test asks for it.
  const exporter = await startExporter({ client: rig.client, listen: 0, clock, now: () => state.wall, rediscoverMs: 0, ...options });
  const result: ExporterRig = {
    rig,
    exporter,
    clock,
    get wall() {
      return state.wall;
    },
    set wall(ms: number) {
      state.wall = ms;
    },
    get: (path = '/metrics', init) => fetch(`http://127.0.0.1:${exporter.address.port}${path}`, init),
    next: (wanted) =>
      new Promise((resolve) => {
        const on = (s: MonitorStatus): void => {
          if (s.state !== wanted) return;
          exporter.monitor.off('status', on);
          resolve(s);
        };
        exporter.monitor.on('status', on);
      }),
    async close() {
      await exporter.stop();
      await rig.close();
    },
  };
  return result;
}

/** Resolves after the monitor's next poll cycle that read values. */
export function nextValues(exporter: MetricsExporter): Promise<void> {
  return new Promise((resolve) => exporter.monitor.once('values', () => resolve()));
}
