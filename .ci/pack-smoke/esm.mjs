// Imports the installed package as ESM and reads a value from its own simulator.
import { XcomClient, XcomP } from 'xcom-ts';
import { startSimulator } from 'xcom-ts/simulator';
import { createSocket } from 'node:dgram';

// A UDP port that was free a moment ago: the simulated Xcom-LAN must know where to reply.
async function freeUdpPort() {
  const socket = createSocket('udp4');
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise((resolve) => socket.close(resolve));
  return port;
}

const sim = await startSimulator({ udp: { port: await freeUdpPort(), clientPort: await freeUdpPort() } });
const url = sim.connectionUrls()[0];
const xcom = await XcomClient.connect(url);
try {
  const volts = await xcom.getValue(XcomP.XT_BATTERY_VOLTAGE);
  if (typeof volts !== 'number' || !(volts > 10 && volts < 70)) throw new Error(`implausible battery voltage ${volts}`);
  console.log(`esm: battery voltage ${volts.toFixed(2)} V from the simulator over ${url}`);
} finally {
  await xcom.close();
  await sim.close();
}
