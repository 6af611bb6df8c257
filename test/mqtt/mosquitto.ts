// A real broker for the bridge's tests: Debian's mosquitto on a free loopback port, with a
// generated configuration (anonymous, no persistence), stopped and started again on the same
// port to play a broker restart. A machine without mosquitto skips the tests; CI never does.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type IClientPublishOptions, type MqttClient } from 'mqtt';
import { freePort } from '../../src/simulator/free-port.js';
import { killTree, spawnBounded } from '../child-processes.js';

/** A broker outlives no test file: one runs for seconds. */
const BROKER_DEADLINE_MS = 10 * 60_000;

export const MOSQUITTO = '/usr/sbin/mosquitto';

/** Whether the tests run: mosquitto is there, or CI (where its absence must fail, not skip). */
export const haveBroker = existsSync(MOSQUITTO) || process.env['CI'] !== undefined;

/** A mosquitto process on 127.0.0.1. */
export interface Broker {
  readonly port: number;
  readonly url: string;
  /** Its configuration's folder. */
  readonly dir: string;
  /** Stops the broker (SIGTERM; SIGKILL with `kill`), and waits for its exit. */
  stop(kill?: boolean): Promise<void>;
  /** Freezes the broker (SIGSTOP): connections stay open, nothing is answered. */
  freeze(): void;
  /** Starts it again on the same port, with nothing retained (no persistence). */
  start(): Promise<void>;
  /** Stops it and removes its configuration. */
  close(): Promise<void>;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = netConnect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts mosquitto on a free loopback port; throws (in CI, or anywhere) when it is missing.
 * `listener` gives the listener's settings (default: anonymous clients), written in a folder
 * of its own (its argument) that is removed on close.
 */
export async function startBroker(listener: (dir: string) => readonly string[] = () => ['allow_anonymous true']): Promise<Broker> {
  if (!existsSync(MOSQUITTO)) throw new Error(`${MOSQUITTO} is missing: apt-get install mosquitto (CI installs it)`);
  const port = await freePort('127.0.0.1');
  const dir = mkdtempSync(join(tmpdir(), 'xcom-mosquitto-'));
  const conf = join(dir, 'mosquitto.conf');
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    const process_ = spawnBounded(MOSQUITTO, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'], deadlineMs: BROKER_DEADLINE_MS });
    let stderr = '';
    process_.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child = process_;
    for (let i = 0; i < 200; i++) {
      if (process_.exitCode !== null) throw new Error(`mosquitto exited with ${process_.exitCode}: ${stderr}`);
      if (await portOpen(port)) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`mosquitto did not listen on ${port}: ${stderr}`);
  };
  const stop = async (kill = false): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    if (kill) return killTree(running);
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });
  };
  try {
    writeFileSync(conf, [`listener ${port} 127.0.0.1`, ...listener(dir), 'persistence false', 'log_dest none', ''].join('\n'));
    await start();
  } catch (error) {
    // The caller gets no Broker to close: what was started and made is undone here.
    await stop(true);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    dir,
    stop,
    start,
    freeze() {
      child?.kill('SIGSTOP');
    },
    async close() {
      await stop(true);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A message as a test consumer saw it. */
export interface Seen {
  readonly topic: string;
  readonly payload: string;
  readonly retain: boolean;
}

/** A consumer on the broker: records every message of its subscriptions. */
export interface Consumer {
  readonly client: MqttClient;
  readonly seen: Seen[];
  /** The last payload on each topic. */
  readonly last: Map<string, Seen>;
  /** Resolves with the first message that matches: one already seen (unless `past` is false), or the next. */
  waitFor(match: (m: Seen) => boolean, what: string, timeoutMs?: number, past?: boolean): Promise<Seen>;
  publish(topic: string, payload: string, options?: IClientPublishOptions): Promise<void>;
  close(): Promise<void>;
}

/** Connects a consumer (MQTT 5) and subscribes to `topics`. */
export async function consumer(url: string, topics: readonly string[]): Promise<Consumer> {
  const client = await mqtt.connectAsync(url, { protocolVersion: 5, reconnectPeriod: 100, clientId: `test-${Math.random().toString(16).slice(2)}` });
  const seen: Seen[] = [];
  const last = new Map<string, Seen>();
  const waiters = new Set<(m: Seen) => void>();
  client.on('message', (topic, payload, packet) => {
    const m = { topic, payload: payload.toString('utf8'), retain: packet.retain };
    seen.push(m);
    last.set(topic, m);
    for (const waiter of [...waiters]) waiter(m);
  });
  if (topics.length > 0) await client.subscribeAsync([...topics], { qos: 1, rap: true });
  return {
    client,
    seen,
    last,
    waitFor(match, what, timeoutMs = 5000, past = true) {
      const found = past ? seen.find(match) : undefined;
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${what}; the last messages seen: ${JSON.stringify(seen.slice(-6))}`));
        }, timeoutMs);
        const check = (m: Seen): void => {
          if (!match(m)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(m);
        };
        waiters.add(check);
      });
    },
    async publish(topic, payload, options = {}) {
      await client.publishAsync(topic, payload, { qos: 1, ...options });
    },
    async close() {
      await client.endAsync(true);
    },
  };
}

/**
 * Every retained message under `topics` at this moment: a fresh subscription receives them
 * all, then a marker published after the subscription tells that they have all arrived.
 */
export async function retained(url: string, topics: readonly string[]): Promise<Map<string, string>> {
  const c = await consumer(url, [...topics, 'xcom-test/marker']);
  try {
    const marker = Math.random().toString(16).slice(2);
    await c.publish('xcom-test/marker', marker);
    await c.waitFor((m) => m.topic === 'xcom-test/marker' && m.payload === marker, 'the marker', 5000, true);
    return new Map(c.seen.filter((m) => m.retain && m.payload !== '').map((m) => [m.topic, m.payload]));
  } finally {
    await c.close();
  }
}
