/**
 * The command table. Each command's module is imported only when it runs: `xcom version` and
 * `xcom find` start without the client, the transports, the simulator or serialport. A new
 * command is a file exporting `defineCommand({...})` (see `define-command.ts`) and a line here;
 * a new global connection option is an entry of `CONNECTION_OPTIONS` (`connection-options.ts`).
 * @module
 */
import type { CommandEntry } from './command.js';

/** Every command, in the order `xcom --help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'get', summary: 'read datapoints by name or number (value, unit, label), of one or several units', load: async () => (await import('./get.js')).getCommand },
  { name: 'set', summary: 'write a parameter (RAM unless --flash; enums by label; range checked)', load: async () => (await import('./set.js')).setCommand },
  { name: 'trigger', summary: 'send a signal parameter (a command: reset, restore, force a cycle) with --yes', load: async () => (await import('./trigger.js')).triggerCommand },
  { name: 'watch', summary: 'poll datapoints, a line per cycle (--json lines), until Ctrl+C', load: async () => (await import('./watch.js')).watchCommand },
  { name: 'scan', summary: 'find every unit of the installation: code, model, versions, FID, phase', load: async () => (await import('./scan.js')).scanCommand },
  { name: 'messages', summary: "the Xcom-232i's message log with texts, newest first; --follow for new ones", load: async () => (await import('./messages.js')).messagesCommand },
  { name: 'screen', summary: 'the RCC display: as text, as a PNG (-o), or live in the terminal with its keys (--live)', load: async () => (await import('./screen.js')).screenCommand },
  { name: 'datalog', summary: "the SD card's daily datalog files: list them, get them into a directory (only what is new)", load: async () => (await import('./datalog.js')).datalogCommand },
  { name: 'metrics', summary: 'a Prometheus exporter of the installation at /metrics (needs prom-client)', load: async () => (await import('./metrics.js')).metricsCommand },
  { name: 'mqtt', summary: 'publish the installation on an MQTT broker, with Home Assistant discovery and commands', load: async () => (await import('./mqtt.js')).mqttCommand },
  { name: 'find', summary: 'search the datapoint catalogue offline', load: async () => (await import('./find.js')).findCommand },
  { name: 'read_property', summary: "read any property of any object, as Studer's pyscom.py", load: async () => (await import('./read-property.js')).readPropertyCommand },
  { name: 'write_property', summary: "write any property (13 RAM, 5 flash, …), as pyscom.py", load: async () => (await import('./write-property.js')).writePropertyCommand },
  { name: 'test', summary: 'look for an Xcom-232i on the serial ports', load: async () => (await import('./probe.js')).testCommand },
  { name: 'version', summary: 'print the version of xcom-ts', load: async () => (await import('./version.js')).versionCommand },
  { name: 'simulate', summary: 'start a simulated Studer installation (UDP, TCP or serial)', load: async () => (await import('./simulate.js')).simulateCommand },
];
