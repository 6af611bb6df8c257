// A TypeScript consumer of the published package: `await using`, the typed getValue, a
// transport wrapper, each entry point (the exporter's without prom-client). Type-checked (not
// run) by the pack smoke test, libraries included.
import { DelegatingTransport, UdpTransport, XcomClient, XcomP, XcomC, type Datapoint, type Frame, type Transport } from 'xcom-ts';
import { FrameDecoder, RequestHandler, SERVICE_READ, decodeMessage, encodeRequest, type ScomMessage } from 'xcom-ts/protocol';
import { startSimulator, type Simulator } from 'xcom-ts/simulator';
// Its declarations need no prom-client (an optional peer, absent when this is checked).
import { METRIC_FAMILIES, startExporter, type MetricsExporter } from 'xcom-ts/metrics';
import { startBridge, type BridgeStatus, type MqttBridge, type MqttBridgeOptions } from 'xcom-ts/mqtt';

await using sim = await startSimulator({ tcpListen: { port: 0 } });
await using xcom = await XcomClient.connect(sim.connectionUrls()[0] ?? 'udp://127.0.0.1:4002');
const volts: number = await xcom.getValue(XcomP.XT_BATTERY_VOLTAGE);
const charger: boolean = await xcom.getValue(XcomP.XT_CHARGER_ALLOWED);
const mode: number = await xcom.getValueByID(11016, XcomC.TYPE_SHORT_ENUM, { dstAddr: 301 });
// @ts-expect-error a FLOAT datapoint is not a boolean
const wrong: boolean = await xcom.getValue(XcomP.XT_BATTERY_VOLTAGE);
const dp: Datapoint<'FLOAT'> = XcomP.BATT_SOC;
console.log(volts, charger, mode, wrong, dp.unit);

class CountingTransport extends DelegatingTransport {
  sent = 0;
  override send(...args: Parameters<Transport['send']>): Promise<void> {
    this.sent++;
    return super.send(...args);
  }
}
const link: Transport = new CountingTransport(new UdpTransport({ host: '127.0.0.1' }));
link.on('disconnect', (info) => console.log(info.peer, info.reason)).on('error', (error) => console.log(error.code));
await using viaWrapper = new XcomClient(link);
console.log(viaWrapper.stats);

// xcom-ts/protocol: frames and the request handler, for a tool of one's own.
const bytes: Uint8Array = encodeRequest({ srcAddr: 1, dstAddr: 101, serviceId: SERVICE_READ, objectType: 1, objectId: 3000, propertyId: 1 });
const frames: Frame[] = new FrameDecoder().push(bytes);
const messages: ScomMessage[] = frames.map(decodeMessage);
const handler = new RequestHandler(new UdpTransport({ host: '127.0.0.1' }), { quarantineMs: 3000 });
const simulated: Simulator = sim;
console.log(messages.length, handler.stats.requests, simulated.connectionUrls());
// xcom-ts/metrics: the exporter, typed without prom-client's types.
const exporter: MetricsExporter = await startExporter({ client: xcom, listen: '127.0.0.1:0', staleAfter: 60 });
console.log(exporter.url, exporter.address.port, METRIC_FAMILIES[0]?.name);
// @ts-expect-error the exporter takes a client or a url, and `listen` is not a boolean
await startExporter({ client: xcom, listen: true });
// @ts-expect-error the wire format is in xcom-ts/protocol, not in the main entry
type NotInMain = (typeof import('xcom-ts'))['encodeRequest'];

// xcom-ts/mqtt: its declarations need no MQTT.js (not installed here).
const bridgeOptions: MqttBridgeOptions = { client: xcom, broker: 'mqtt://127.0.0.1:1883', site: 'home', json: true };
const follow = (bridge: MqttBridge): MqttBridge =>
  bridge.on('status', (status: BridgeStatus) => console.log(status.broker, status.installation)).on('log', (entry) => console.log(entry.level, entry.message));
const started: Promise<MqttBridge> = startBridge(bridgeOptions);
console.log(follow, started);
