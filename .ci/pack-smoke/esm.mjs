// Imports the installed package as ESM and reads a value from its own simulator.
import { XcomClient, XcomP } from 'xcom-ts';
import { startSimulator } from 'xcom-ts/simulator';
import { decodeFrame, encodeRequest } from 'xcom-ts/protocol';
import { freeUdpPort } from './free-udp-port.mjs';

const request = decodeFrame(encodeRequest({ dstAddr: 101, serviceId: 1, objectType: 1, objectId: 3000, propertyId: 1 }));
if (request.dstAddr !== 101) throw new Error('xcom-ts/protocol did not round-trip a frame');

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
