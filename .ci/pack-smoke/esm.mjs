// Imports the installed package as ESM and reads a value from its own simulator.
import { XcomClient, XcomP } from 'xcom-ts';
import { startSimulator } from 'xcom-ts/simulator';
import { freeUdpPort } from './free-udp-port.mjs';

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
