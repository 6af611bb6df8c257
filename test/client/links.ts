// The four links a client reaches an installation by, each wired to a fresh simulator on
// loopback: an Xcom-LAN over UDP, a Moxa in "TCP server" mode (we connect), a Moxa in "TCP
// client" mode (it connects to our listener), and a bare Xcom-232i on a socat pty pair.
import { XcomClient, type XcomClientOptions } from '../../src/client/index.js';
import { ManualClock } from '../../src/simulator/clock.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/simulator.js';
import { SerialTransport } from '../../src/transport/serial-transport.js';
import { TcpClientTransport } from '../../src/transport/tcp-client-transport.js';
import { TcpServerTransport } from '../../src/transport/tcp-server-transport.js';
import { UdpTransport } from '../../src/transport/udp-transport.js';
import { freeTcpPort, freeUdpPort } from '../transport/helpers.js';
import { ptyPair } from '../transport/socat.js';
import { T0 } from './sim-rig.js';

export interface Link {
  readonly client: XcomClient;
  readonly sim: Simulator;
  /** The simulator's endpoint name, for its faults. */
  readonly endpoint: string;
  close(): Promise<void>;
}

export type LinkKind = 'udp' | 'tcp' | 'tcp-listen' | 'serial';

/** Options of the link itself, apart from the simulator's and the client's. */
export interface LinkOptions {
  /** The serial link's silence that drops a partial frame (default 20 ms: quick recovery from a false start). */
  readonly interByteTimeoutMs?: number;
}

export async function openLink(kind: LinkKind, simOptions: SimulatorOptions = {}, clientOptions: XcomClientOptions = {}, linkOptions: LinkOptions = {}): Promise<Link> {
  const base: SimulatorOptions = { clock: new ManualClock(T0), ...simOptions };
  switch (kind) {
    case 'udp': {
      const [simPort, clientPort] = [await freeUdpPort(), await freeUdpPort()];
      const sim = await startSimulator({ ...base, udp: { port: simPort, clientPort } });
      const client = new XcomClient(new UdpTransport({ host: '127.0.0.1', port: simPort, localPort: clientPort, bindAddress: '127.0.0.1' }), clientOptions);
      return link(client, sim, 'udp');
    }
    case 'tcp': {
      const port = await freeTcpPort();
      const sim = await startSimulator({ ...base, tcpListen: { port } });
      const client = new XcomClient(new TcpClientTransport({ host: '127.0.0.1', port }), clientOptions);
      return link(client, sim, 'tcp-listen');
    }
    case 'tcp-listen': {
      const port = await freeTcpPort();
      const client = new XcomClient(new TcpServerTransport({ host: '127.0.0.1', port }), clientOptions);
      await client.open();
      const sim = await startSimulator({ ...base, tcpConnect: { host: '127.0.0.1', port, reconnectMs: 50 } });
      return link(client, sim, 'tcp-connect');
    }
    case 'serial': {
      const pty = await ptyPair();
      const sim = await startSimulator({ ...base, serial: { path: pty.a } });
      const client = new XcomClient(new SerialTransport({ path: pty.b, interByteTimeoutMs: linkOptions.interByteTimeoutMs ?? 20 }), clientOptions);
      const l = link(client, sim, 'serial');
      return {
        ...l,
        async close() {
          await l.close();
          await pty.kill();
        },
      };
    }
  }
}

function link(client: XcomClient, sim: Simulator, endpoint: string): Link {
  return {
    client,
    sim,
    endpoint,
    async close() {
      await client.close();
      await sim.close();
    },
  };
}
