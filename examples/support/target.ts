/**
 * Where an example talks to: the installation a URL names, or — when none is given — a
 * simulated installation started in this process on loopback, so that every example runs
 * anywhere (and in CI) without hardware. In your own code you only need the URL:
 *
 *   await using xcom = await XcomClient.connect('udp://192.168.1.50:4002?localPort=4001');
 */
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { startSimulator, type Simulator, type SimulatorOptions } from 'xcom-ts/simulator';

const LOOPBACK = '127.0.0.1';

/** The target of an example: a URL, and the simulator behind it when we started one. */
export interface Target extends AsyncDisposable {
  /** What to pass to `XcomClient.connect()`. */
  readonly url: string;
  /** The in-process simulator, when no URL was given (its hooks let an example show more). */
  readonly simulator: Simulator | undefined;
  /** Stops the simulator, if any. Idempotent. */
  close(): Promise<void>;
}

/** A UDP port free on loopback right now, for the client to bind while the simulator answers to it. */
async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  socket.bind(0, LOOPBACK);
  await once(socket, 'listening');
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

function existing(url: string): Target {
  return { url, simulator: undefined, close: async () => undefined, [Symbol.asyncDispose]: async () => undefined };
}

function simulated(url: string, simulator: Simulator): Target {
  const close = (): Promise<void> => simulator.close();
  return { url, simulator, close, [Symbol.asyncDispose]: close };
}

/** Defaults of the simulated installation: a fixed seed, and the machine's time zone so that its sun follows yours. */
function simDefaults(options: SimulatorOptions): SimulatorOptions {
  return { seed: 1, utcOffsetMinutes: -new Date().getTimezoneOffset(), ...options };
}

/**
 * The UDP target: `url` when given, else a simulated Xcom-LAN on a free loopback port, with
 * the client bound to loopback too (a plain `udp://` URL binds every interface).
 */
export async function udpTarget(url: string | undefined, options: SimulatorOptions = {}): Promise<Target> {
  if (url !== undefined) return existing(url);
  const clientPort = await freeUdpPort();
  const simulator = await startSimulator(
    simDefaults({ ...options, udp: { port: 0, host: LOOPBACK, clientHost: LOOPBACK, clientPort } }),
  );
  return simulated(`${simulator.connectionUrls()[0] ?? ''}&bind=${LOOPBACK}`, simulator);
}

/**
 * A simulated Moxa in "TCP client" mode that connects to our listener on `port` (loopback),
 * as a real Xcom-LAN does when its Moxa has this machine as destination.
 */
export async function simulatedMoxaConnectingTo(port: number, options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator(simDefaults({ ...options, tcpConnect: { host: LOOPBACK, port, reconnectMs: 200 } }));
}
