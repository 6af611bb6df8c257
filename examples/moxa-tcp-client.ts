/**
 * Serve a Moxa in "TCP Client" mode, Studer's recommended Xcom-LAN setup: the Moxa NPort
 * connects to us, so we listen (`tcp-listen://`) and the Xcom answers over that connection.
 * In the Moxa's web page: Operating mode "TCP Client", Destination IP = this machine, port
 * 4001. Then:
 *
 *   npx tsx examples/moxa-tcp-client.ts 'tcp-listen://0.0.0.0:4001?allow=192.168.1.50'
 *
 * (192.168.1.50 is a placeholder for your Moxa's address: `allow` refuses anyone else.)
 * Without a URL it listens on a free loopback port and starts a simulated Moxa that connects
 * to it. Read-only.
 */
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { type TcpServerTransport, XcomClient, XcomP } from 'xcom-ts';
import { simulatedMoxaConnectingTo } from './support/target.js';

const { values, positionals } = parseArgs({
  options: { url: { type: 'string' }, 'wait-ms': { type: 'string' } },
  allowPositionals: true,
});
const url = values.url ?? positionals[0] ?? (process.env.XCOM_URL || 'tcp-listen://127.0.0.1:0');
if (!url.startsWith('tcp-listen://')) throw new Error(`this example listens: give a tcp-listen:// URL, got ${url}`);
const waitMs = Number(values['wait-ms'] ?? 60_000);

// connect() only starts listening: the Moxa may connect now or later. A request sent before
// it does waits for it (up to connectTimeoutMs, 15 s by default), so we could just start
// reading; waiting for the `connect` event first makes a wrong Moxa destination obvious.
await using xcom = await XcomClient.connect(url);
const port = (xcom.transport as TcpServerTransport).localPort;
xcom.on('connect', ({ peer }) => console.log(`Moxa connected from ${peer}`));
xcom.on('disconnect', ({ peer, reason }) => console.log(`Moxa ${peer} disconnected: ${reason}`));
console.log(`listening on ${xcom.transport.description}; waiting for the Moxa to connect…`);
const connected = once(xcom, 'connect', { signal: AbortSignal.timeout(waitMs) });

// No URL: the simulator plays the Moxa and connects to our port (closed before the client).
const simulate = url === 'tcp-listen://127.0.0.1:0' && port !== undefined;
if (simulate) console.log(`(starting a simulated Moxa that connects to 127.0.0.1:${port})`);
await using moxa = simulate ? await simulatedMoxaConnectingTo(port) : undefined;

await connected.catch(() => {
  throw new Error(`no Moxa connected within ${waitMs} ms: check its Destination IP and port, and any firewall`);
});

const soc = await xcom.getValue(XcomP.BATT_SOC);
const battery = await xcom.getValue(XcomP.BATT_VOLTAGE);
const load = await xcom.getValue(XcomP.AC_POWER_OUT);
console.log(`SOC ${soc.toFixed(1)} %, battery ${battery.toFixed(2)} Vdc, AC output ${load.toFixed(3)} kW`);
console.log(`GUID of the Xcom-232i: ${await xcom.readGuid()}`);
