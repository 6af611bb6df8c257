/**
 * `xcom mqtt`: the installation on an MQTT broker, with Home Assistant discovery, until
 * Ctrl+C or SIGTERM (which publish `offline` first). It never exits on an outage of the broker
 * or of the installation: it says on stderr what it waits for, and waits.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { readBridgeConfig } from '../bridge/read-config-file.js';
import { choiceOption } from './args.js';
import { UsageError } from './command.js';
import { defineCommand } from './define-command.js';
import { pacingOption } from './pacing-arg.js';
import { rediscoverOption } from './rediscover-arg.js';

async function pemFile(path: string | undefined, option: string): Promise<Buffer | undefined> {
  if (path === undefined) return undefined;
  try {
    return await readFile(path);
  } catch (error) {
    throw new UsageError(`${option}: cannot read ${path}: ${(error as Error).message}`);
  }
}

/** The `mqtt` command. */
export const mqttCommand = defineCommand({
  name: 'mqtt',
  synopsis: 'xcom mqtt --url URL --broker mqtt://HOST:1883 [--site NAME] [--config FILE] [--json] [options]',
  description: `Publishes the installation on an MQTT broker until Ctrl+C or SIGTERM: each datapoint's value
on a retained topic <base>/<site>/<unit>/<datapoint> (an enum as its label, "None" for no
reading), Home Assistant discovery (one device per unit), the bridge's availability
<base>/<site>/status (online/offline, also the last will), each unit's <base>/<site>/<unit>/status,
the message log on <base>/<site>/messages. Parameters the configuration file marks "writable"
are written (to RAM; to flash with "flash") from <state topic>/set; refused commands are
reported on <base>/<site>/error. A parameter marked "allUnits" is published once for its
family, <base>/<site>/XT/<datapoint> (VT, VS), and written to every unit at once through the
family's multicast address. A retained command is never executed: it is cleared.
The site is the gateway's GUID unless --site names it (needed when the gateway has none).
The installation is discovered again every hour (--rediscover): units added are published,
units gone are marked offline (their Home Assistant entities stay, for you to delete).
The bridge waits out outages of the broker and of the installation, saying so on stderr.
The broker's user and password may come from XCOM_MQTT_USERNAME and XCOM_MQTT_PASSWORD.`,
  options: {
    broker: { type: 'string' },
    username: { type: 'string' },
    password: { type: 'string' },
    ca: { type: 'string' },
    cert: { type: 'string' },
    key: { type: 'string' },
    base: { type: 'string' },
    site: { type: 'string' },
    'discovery-prefix': { type: 'string' },
    'no-discovery': { type: 'boolean' },
    config: { type: 'string' },
    pacing: { type: 'string' },
    rediscover: { type: 'string' },
    variant: { type: 'string' },
  },
  optionHelp: [
    '  --broker URL            mqtt://HOST:1883, mqtts://HOST:8883 (TLS), ws://, wss://',
    '  --username U            the broker user (or XCOM_MQTT_USERNAME)',
    '  --password P            its password (or XCOM_MQTT_PASSWORD, kept out of ps)',
    '  --ca FILE               CA certificate(s), PEM, for mqtts:// and wss://',
    '  --cert FILE             client certificate, PEM, for brokers that ask for one',
    '  --key FILE              its private key, PEM',
    '  --base PREFIX           first topic level(s), default xcom',
    "  --site NAME             the site's topic level, default the gateway's GUID",
    '  --discovery-prefix P    Home Assistant discovery prefix, default homeassistant',
    '  --no-discovery          publish no Home Assistant discovery',
    '  --config FILE           what to read and write (JSON: interval, datapoints, exclude, mqtt)',
    '  --json                  also one retained JSON object per unit on <base>/<site>/<unit>',
    '  --pacing B/P|off        a pause P after each burst B of requests (default 5s/1s for',
    "                          tcp-listen://, where Studer's portal shares the gateway; else off)",
    '  --rediscover D|off      discover the installation again every D (default 1h, or the',
    '                          config file\'s "rediscover"), and a minute after an outage:',
    '                          units added are published, units gone marked offline',
    "  --variant V             230V (default) or 120V: the Xtenders' ranges",
    '  --verb N                0 warnings only, 1 or 2 what the bridge does (default), 3 also frames',
  ],
  examples: [
    'xcom mqtt --url udp://192.168.1.50 --broker mqtt://127.0.0.1:1883',
    'xcom mqtt --url tcp-listen://:4001 --broker mqtts://broker:8883 --ca ca.pem --site chalet',
    'XCOM_MQTT_PASSWORD=secret xcom mqtt --url serial:///dev/ttyUSB0 --broker mqtt://nas --username xcom --site home --config xcom-bridge.json',
  ],
  connection: 'use',
  async run({ values, positionals, io, verb, json, signal, connection, withClient, untilStopped }) {
    if (positionals.length > 0) throw new UsageError(`mqtt takes no argument, got "${positionals[0] ?? ''}"`, { seeHelp: true });
    const where = connection();
    const config = values.config === undefined ? undefined : await readBridgeConfig(values.config);
    const pacing = pacingOption(values.pacing);
    const rediscoverMs = rediscoverOption(values.rediscover);
    const variant = choiceOption(values.variant, '--variant', ['230V', '120V'] as const);
    const [ca, cert, key] = await Promise.all([pemFile(values.ca, '--ca'), pemFile(values.cert, '--cert'), pemFile(values.key, '--key')]);
    const username = values.username ?? io.env['XCOM_MQTT_USERNAME'];
    const password = values.password ?? io.env['XCOM_MQTT_PASSWORD'];
    // The bridge and MQTT.js load only now: the other commands never do.
    const { startBridge } = await import('../mqtt/bridge.js');
    const { defaultPacing } = await import('../bridge/portal-pacing.js');
    // The URL decides the default: the client hides it.
    const paced = pacing ?? defaultPacing(where.url) ?? false;
    return withClient(
      async (client) => {
        const bridge = await startBridge({
          client,
          ...(values.broker === undefined ? {} : { broker: values.broker }),
          ...(username === undefined || username === '' ? {} : { username }),
          ...(password === undefined || password === '' ? {} : { password }),
          ...(ca === undefined ? {} : { ca }),
          ...(cert === undefined ? {} : { cert }),
          ...(key === undefined ? {} : { key }),
          ...(values.base === undefined ? {} : { base: values.base }),
          ...(values.site === undefined ? {} : { site: values.site }),
          ...(values['discovery-prefix'] === undefined ? {} : { discoveryPrefix: values['discovery-prefix'] }),
          ...(values['no-discovery'] === true ? { discovery: false } : {}),
          ...(json ? { json: true } : {}),
          ...(config === undefined ? {} : { config }),
          pacing: paced,
          ...(rediscoverMs === undefined ? {} : { rediscoverMs }),
        });
        bridge.on('log', ({ level, message }) => {
          if (level !== 'info' || verb >= 1) io.err(`xcom mqtt: ${message}`);
        });
        const stopped = untilStopped();
        try {
          await Promise.race([stopped, bridge.finished]);
        } finally {
          // Ctrl+C, SIGTERM: `offline` is published before the exit (130, 143).
          await bridge.stop();
        }
        await bridge.finished;
        return signal.aborted ? undefined : 0;
      },
      { open: false, ...(variant === undefined ? {} : { variant }) },
    );
  },
});
