/**
 * What `xcom simulate` tells its user: the URL a client opens for each endpoint, and, for a
 * simulator that connects out (`--tcp-connect`), whether anything listens there yet.
 * @module
 */
import type { Simulator } from '../simulator/simulator.js';
import type { CliIo } from './io.js';
import type { PtyPair } from './pty-pair.js';

const KIND: Readonly<Record<string, string>> = {
  udp: 'UDP (Xcom-LAN)',
  'tcp-listen': 'TCP, simulator listens (Moxa "TCP server")',
  'tcp-connect': 'TCP, simulator connects to you (Moxa "TCP client"), listen on',
};

/**
 * Prints the installation and, per endpoint, what the client opens. A serial endpoint's own
 * path is never given as the client's: the client opens the other end of the pair.
 */
export function printEndpoints(io: CliIo, sim: Simulator, serial: { readonly path?: string | undefined; readonly pty?: PtyPair | undefined }): void {
  const { pty } = serial;
  const devices = sim.installation.devices.map((d) => `${d.family} ${d.address}`).join(', ');
  io.out(`Simulated Studer installation, seed ${sim.installation.seed}, ${sim.installation.batteryVoltage} V battery: ${devices}`);
  io.out('Connect with:');
  const urls = sim.connectionUrls();
  const forClient: string[] = [];
  sim.endpoints.forEach((endpoint, i) => {
    if (endpoint.name !== 'serial') {
      const url = urls[i] ?? '';
      io.out(`  ${KIND[endpoint.name] ?? endpoint.name}: ${url}`);
      forClient.push(url);
    } else if (pty !== undefined) {
      io.out(`  serial, a pty pair made by socat (the simulator holds ${pty.device}): serial://${pty.client}`);
      forClient.push(`serial://${pty.client}`);
    } else {
      io.out(`  serial: the simulator holds ${serial.path ?? endpoint.transport.description}; open the other end of its pty pair`);
    }
  });
  const url = forClient[0];
  if (url !== undefined) io.out(`  e.g. xcom get 3000 --url '${url}', or XcomClient.connect('${url}')`);
}

/**
 * Reports on stderr, for each endpoint that connects out, while nothing listens where it
 * connects (once per outage), and when it connects or loses the connection; silent after
 * `signal` aborts.
 */
export function reportOutgoingLinks(io: CliIo, sim: Simulator, signal: AbortSignal): void {
  for (const endpoint of sim.endpoints.filter((e) => e.name === 'tcp-connect')) {
    const { transport } = endpoint;
    const where = transport.description.replace(/^tcp:\/\//, '');
    const say = (line: string): void => {
      if (!signal.aborted) io.err(`xcom simulate: ${line}`);
    };
    let up = transport.isOpen;
    let waitingSaid = false;
    const waiting = (error?: unknown): void => {
      if (up || waitingSaid) return;
      waitingSaid = true;
      const why = error instanceof Error ? ` (${error.message})` : '';
      say(`nothing listens on ${where} yet${why}: trying again until something does`);
    };
    endpoint.on('linkError', (error) => waiting(error));
    transport.on('connect', () => {
      up = true;
      waitingSaid = false;
      say(`connected to ${where}`);
    });
    transport.on('disconnect', () => {
      if (!up) return;
      up = false;
      say(`lost the connection to ${where}: reconnecting`);
    });
    // The first attempt failed inside startSimulator, before anyone listened to the endpoint.
    waiting();
  }
}
