/**
 * `xcom metrics`: a Prometheus exporter of the installation, until Ctrl+C.
 * @module
 */
import { parseBridgeConfig } from '../bridge/bridge-config.js';
import { readBridgeConfig } from '../bridge/read-config-file.js';
import type { MonitorStatus } from '../bridge/installation-monitor.js';
import type { XcomWarning } from '../client/client-events.js';
import { UsageError } from './command.js';
import { defineCommand } from './define-command.js';
import type { CliIo } from './io.js';
import { jsonLine } from './output.js';
import { pacingOption } from './pacing-arg.js';
import { rediscoverOption } from './rediscover-arg.js';

/** Prints the exporter's news: JSON lines on stdout with `--json`, else lines on stderr; held until `listening()`, so that the URL comes first. */
function reporter(io: CliIo, json: boolean, verb: number): { status(s: MonitorStatus): void; warning(w: XcomWarning): void; listening(url: string, host: string, port: number): void } {
  let held: (() => void)[] | undefined = [];
  const say = (line: () => void): void => {
    if (held === undefined) line();
    else held.push(line);
  };
  return {
    status: (s) => {
      if (json) say(() => io.out(jsonLine({ event: 'status', state: s.state, message: s.message })));
      else if (verb >= 1) say(() => io.err(`xcom metrics: ${s.state}: ${s.message}`));
    },
    warning: (w) => {
      if (json) say(() => io.out(jsonLine({ event: 'warning', code: w.code, message: w.message })));
      else say(() => io.err(`xcom metrics: warning: ${w.message}`));
    },
    listening: (url, host, port) => {
      io.out(json ? jsonLine({ event: 'listening', url, host, port }) : url);
      const lines = held ?? [];
      held = undefined;
      for (const line of lines) line();
    },
  };
}

/** The `metrics` command. */
export const metricsCommand = defineCommand({
  name: 'metrics',
  synopsis: 'xcom metrics --url URL [--listen HOST:PORT] [--config FILE]',
  description: [
    'Serves the installation\'s values to Prometheus at http://HOST:PORT/metrics, in base units',
    '(watts, joules, volts, amperes, ratios, seconds), with xcom_up, xcom_device_info, request',
    'durations and each value\'s age. The units are polled in the background (the default set',
    'of xcom mqtt, or --config\'s): a scrape never talks to the device, and during an outage it',
    'still answers, with xcom_up 0. Needs the package prom-client (npm install prom-client).',
    'Prints the URL on stdout once it listens; runs until Ctrl+C.',
  ].join('\n'),
  options: { listen: { type: 'string' }, config: { type: 'string' }, pacing: { type: 'string' }, rediscover: { type: 'string' } },
  optionHelp: [
    '  --listen A       where to listen: 127.0.0.1:9464 (default, this host only),',
    '                   [::1]:9464, or 0.0.0.0:9464 (every interface: only when named);',
    '                   default: the config file\'s "metrics": { "listen" }',
    '  --config FILE    the bridges\' configuration (datapoints, intervals, exclusions;',
    '                   its "metrics" section: listen, staleAfter, maxConnections)',
    '  --pacing B/P|off a pause P after each burst B of requests (default 5s/1s for',
    '                   tcp-listen://, where Studer\'s portal shares the gateway; else off)',
    '  --rediscover D   discover the installation again every D (default 1h, or the config',
    '                   file\'s "rediscover"; off: never), and a minute after an outage: the',
    '                   series of units added appear, those of units gone leave the scrape',
    '  --verb N         0 warnings only, 1 and 2 (default) state changes, 3 every frame',
    '  --json           the URL, state changes and warnings as JSON lines on stdout',
  ],
  examples: [
    'xcom metrics --url udp://192.168.1.50          # http://127.0.0.1:9464/metrics',
    'xcom metrics --url udp://192.168.1.50 --listen 0.0.0.0:9464 --config xcom-bridge.json',
    'curl -s http://127.0.0.1:9464/metrics | grep xcom_battery_voltage_volts',
  ],
  connection: 'use',
  async run(ctx) {
    const { values, positionals, io, json, verb } = ctx;
    if (positionals.length > 0) throw new UsageError(`metrics takes options only, got "${positionals[0] ?? ''}"`, { seeHelp: true });
    const config = values.config === undefined ? parseBridgeConfig({}) : await readBridgeConfig(values.config);
    const pacing = pacingOption(values.pacing);
    const rediscoverMs = rediscoverOption(values.rediscover);
    // Before the link opens: a bad --listen or "metrics" section, or a missing prom-client, is said at once.
    const { checkMetricsSection } = await import('../metrics/exporter-options.js');
    const { parseListenAddress } = await import('../metrics/listen-address.js');
    const { loadPromClient } = await import('../metrics/prom-client-module.js');
    const { startExporter } = await import('../metrics/start-exporter.js');
    checkMetricsSection(config.metrics);
    if (values.listen !== undefined) parseListenAddress(values.listen, '--listen');
    await loadPromClient();
    const news = reporter(io, json, verb);
    const { defaultPacing } = await import('../bridge/portal-pacing.js');
    // The URL decides the default: the client hides it.
    const paced = pacing ?? defaultPacing(ctx.connection().url) ?? false;
    await ctx.withClient(async (client) => {
      const exporter = await startExporter({
        client,
        config,
        ...(values.listen === undefined ? {} : { listen: values.listen }),
        pacing: paced,
        ...(rediscoverMs === undefined ? {} : { rediscoverMs }),
        onStatus: news.status,
        onWarning: news.warning,
      });
      try {
        news.listening(exporter.url, exporter.address.host, exporter.address.port);
        // A configuration that does not fit the installation ends the command; an outage does not.
        await Promise.race([ctx.untilStopped(), exporter.started.then(() => ctx.untilStopped())]);
      } finally {
        await exporter.stop();
      }
    });
  },
});
