// mqtts:// with the broker's certificate checked against --ca, a client certificate (--cert,
// --key) and a user and password: mosquitto configured to require all of them.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseBridgeConfig } from '../../src/bridge/bridge-config.js';
import { startBridge, type MqttBridge } from '../../src/mqtt/index.js';
import { simRig, type SimRig } from '../client/sim-rig.js';
import { type Broker, haveBroker, startBroker } from './mosquitto.js';

const OPENSSL = '/usr/bin/openssl';
const PASSWD = '/usr/bin/mosquitto_passwd';
const describeTls = haveBroker && (existsSync(OPENSSL) || process.env['CI'] !== undefined) ? describe : describe.skip;

/** A CA, a server certificate for 127.0.0.1 and a client certificate, all signed by the CA. */
function certificates(dir: string): void {
  // Each answers in a fraction of a second: one that hangs is killed.
  const run = (...args: string[]): void => void execFileSync(OPENSSL, args, { cwd: dir, stdio: 'ignore', timeout: 30_000, killSignal: 'SIGKILL' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=xcom-test-ca');
  for (const [name, cn] of [['server', '127.0.0.1'], ['client', 'xcom-bridge']] as const) {
    run('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    const ext = join(dir, `${name}.ext`);
    execFileSync('sh', ['-c', `printf '${name === 'server' ? 'subjectAltName=IP:127.0.0.1' : 'extendedKeyUsage=clientAuth'}\\n' > ${ext}`], { timeout: 30_000, killSignal: 'SIGKILL' });
    run('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '1', '-extfile', ext);
  }
  execFileSync(PASSWD, ['-c', '-b', join(dir, 'passwords'), 'xcom', 's3cret'], { stdio: 'ignore', timeout: 30_000, killSignal: 'SIGKILL' });
  // mosquitto started as root reads its files as the user "mosquitto": throwaway test keys.
  chmodSync(dir, 0o755);
  for (const name of readdirSync(dir)) chmodSync(join(dir, name), 0o644);
}

describeTls('the MQTT bridge over TLS with a client certificate and a password', () => {
  let broker: Broker | undefined;
  let rig: SimRig | undefined;
  let bridge: MqttBridge | undefined;
  afterEach(async () => {
    await bridge?.stop();
    await rig?.close();
    await broker?.close();
  });

  it('connects with ca, cert, key, username and password, and is refused without the CA', async () => {
    broker = await startBroker((dir) => {
      certificates(dir);
      return [
        `cafile ${join(dir, 'ca.pem')}`,
        `certfile ${join(dir, 'server.pem')}`,
        `keyfile ${join(dir, 'server.key')}`,
        'require_certificate true',
        'allow_anonymous false',
        `password_file ${join(dir, 'passwords')}`,
      ];
    });
    const dir = broker.dir;
    const url = `mqtts://127.0.0.1:${broker.port}`;
    rig = await simRig({ seed: 3 });
    const config = parseBridgeConfig({ interval: 0.5, defaults: false, datapoints: [{ datapoint: 3000, devices: ['XT1'] }] });
    const file = (name: string): Buffer => readFileSync(join(dir, name));

    // The broker's certificate is checked: without the CA, the bridge only waits, and says why.
    const untrusted = await startBridge({ client: rig.client, broker: url, site: 'tls', config, cert: file('client.pem'), key: file('client.key'), username: 'xcom', password: 's3cret', reconnect: { initialMs: 50, maxMs: 100 } });
    const logs: string[] = [];
    untrusted.on('log', (e) => logs.push(e.message));
    await vi.waitFor(() => expect(logs.join('\n')).toMatch(/waiting for the broker at mqtts:.*(certificate|self.signed)/i), { timeout: 5000 });
    expect(untrusted.status.broker).not.toBe('connected');
    await untrusted.stop();

    bridge = await startBridge({ client: rig.client, broker: url, site: 'tls', config, ca: file('ca.pem'), cert: file('client.pem'), key: file('client.key'), username: 'xcom', password: 's3cret' });
    await bridge.ready;
    expect(bridge.status.broker).toBe('connected');
  });
});
