/**
 * `xcom scan`: discovery of the installation, with its progress on stderr.
 * @module
 */
import { FAMILIES } from '../catalogue/families.js';
import type { DiscoveredDevice, DiscoveredInstallation, DiscoveryProgress } from '../client/discovery-result.js';
import { defineCommand } from './define-command.js';
import type { CliIo } from './io.js';
import { printJson, printTable } from './output.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One progress line: a line per probe, one for the gateway and one for the identities. */
export function progressLine(progress: DiscoveryProgress): string {
  const sent = plural(progress.requests, 'request');
  switch (progress.step) {
    case 'gateway':
      return `gateway 501 (${sent})`;
    case 'probe':
      return `${FAMILIES[progress.family].label} at ${progress.address}: ${progress.found ? 'found' : 'none'} (${sent})`;
    case 'identity':
      return `identities of ${plural(progress.devices, 'unit')} read (${sent})`;
  }
}

function model(device: DiscoveredDevice): string {
  if (device.model !== undefined) return device.model;
  return device.idType === undefined ? '' : `type ${device.idType}`;
}

/** The table of units, then the gateway and the battery voltage. */
export function printInstallation(io: CliIo, found: DiscoveredInstallation): void {
  const rows = found.devices.map((d) => [
    d.code,
    String(d.address),
    model(d),
    d.softwareVersion ?? '',
    d.hardwareVersion ?? '',
    d.fid ?? '',
    d.phase === undefined ? '' : `L${d.phase}`,
  ]);
  printTable(io, ['CODE', 'ADDRESS', 'MODEL', 'SOFTWARE', 'HARDWARE', 'FID', 'PHASE'], rows);
  const { gateway } = found;
  const guid = gateway.guid === undefined ? 'no GUID' : `GUID ${gateway.guid}`;
  const multi = gateway.multiInfo ? 'answers multi-info' : 'refuses multi-info';
  io.out(`gateway ${gateway.address}: ${guid}, ${multi} (firmware ${gateway.softwareVersion})`);
  io.out(`battery: ${found.batteryVoltage === undefined ? 'unknown (48 V ranges apply)' : `${found.batteryVoltage} V`}`);
}

/** The `scan` command. */
export const scanCommand = defineCommand({
  name: 'scan',
  synopsis: 'xcom scan [--json] [options]',
  description: `Finds every unit of the installation and who it is: code, address, model, software and
hardware versions, FID and an Xtender's phase, then the gateway (GUID, multi-info) and the
battery's nominal voltage. Each family is probed upwards to its first absent unit; the
progress goes to stderr, a line per probe (--verb 0 silences it), so stdout holds only the
table or the JSON. Discovery warnings (a probe without answer, an odd battery voltage) go to
stderr too.`,
  options: {},
  optionHelp: [
    '  --verb N        0 no progress on stderr, 1 or more a line per probe (default 2), 3 also frames',
    '  --json          the installation as one JSON object (gateway, devices, batteryVoltage, requests)',
  ],
  examples: ['xcom scan --url udp://192.168.1.50', 'xcom scan --port /dev/ttyUSB0 --json > installation.json'],
  connection: 'use',
  async run({ io, verb, json, signal, withClient }) {
    const onProgress = verb >= 1 ? (progress: DiscoveryProgress) => io.err(`xcom scan: ${progressLine(progress)}`) : undefined;
    const found = await withClient((client) => client.discover({ signal, ...(onProgress === undefined ? {} : { onProgress }) }));
    if (verb >= 1) for (const warning of found.warnings) io.err(`xcom scan: warning ${warning.code}: ${warning.message}`);
    if (json) printJson(io, found);
    else printInstallation(io, found);
  },
});
