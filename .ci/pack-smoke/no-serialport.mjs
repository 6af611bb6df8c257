// Installed without optional dependencies: UDP and TCP work, and only opening a serial port
// fails, with the error that names the missing package.
import { XcomClient, XcomP, SerialTransport } from 'xcom-ts';
import { startSimulator } from 'xcom-ts/simulator';
import { freeUdpPort } from './free-udp-port.mjs';

const sim = await startSimulator({ udp: { port: await freeUdpPort(), clientPort: await freeUdpPort() }, tcpListen: { port: 0 } });
try {
  for (const url of sim.connectionUrls()) {
    const xcom = await XcomClient.connect(url);
    try {
      await xcom.getValue(XcomP.BATT_VOLTAGE);
      console.log(`no-serialport: ${url.split(':')[0]} works`);
    } finally {
      await xcom.close();
    }
  }
  const serial = new SerialTransport({ path: '/dev/ttyUSB0' });
  const error = await serial.open().then(() => undefined, (e) => e);
  if (error?.code !== 'MODULE_MISSING' || !String(error.message).includes('serialport')) {
    throw new Error(`expected MODULE_MISSING naming serialport, got ${error?.code}: ${error?.message}`);
  }
  console.log(`no-serialport: serial open fails as expected: ${error.message}`);
} finally {
  await sim.close();
}
