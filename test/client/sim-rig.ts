// A client wired to the simulator through an in-memory link, with a frozen clock so that the
// values the client reads can be compared with the simulator's.
import { XcomClient, type XcomClientOptions } from '../../src/client/index.js';
import { ManualClock } from '../../src/simulator/clock.js';
import { Simulator, type SimulatorOptions } from '../../src/simulator/simulator.js';
import { MemoryTransport } from '../../src/transport/memory-transport.js';

export const T0 = Date.UTC(2025, 5, 21, 10, 0, 0);

export interface SimRig {
  readonly client: XcomClient;
  readonly sim: Simulator;
  readonly clock: ManualClock;
  close(): Promise<void>;
}

export async function simRig(simOptions: SimulatorOptions = {}, clientOptions: XcomClientOptions = {}): Promise<SimRig> {
  const clock = new ManualClock(T0);
  const [clientSide, simSide] = MemoryTransport.pair();
  const sim = new Simulator({ clock, ...simOptions, transports: [simSide] });
  await sim.start();
  const client = new XcomClient(clientSide, clientOptions);
  return {
    client,
    sim,
    clock,
    async close() {
      await client.close();
      await sim.close();
    },
  };
}
