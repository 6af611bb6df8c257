/**
 * `xcom find`: search the catalogue offline.
 * @module
 */
import type { Datapoint, Family } from '../catalogue/types.js';
import { installationRanges } from '../client/installation-ranges.js';
import { choiceOption, integerOption } from './args.js';
import { RANGE_OPTIONS, RANGE_OPTIONS_HELP, rangeOptions } from './check-value.js';
import { UsageError } from './command.js';
import { exactDatapoint } from './datapoint-arg.js';
import { defineCommand } from './define-command.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';
import { formatTable, printJson } from './output.js';
import { search } from './search.js';

const FAMILY_NAMES: readonly Family[] = ['xtender', 'rcc', 'bsp', 'bms', 'variotrack', 'variostring'];

function range(dp: Datapoint): string {
  if (dp.signal === true) return 'signal';
  if (dp.min === undefined && dp.max === undefined) return '';
  return `${dp.min ?? ''}..${dp.max ?? ''}`;
}

function row(dp: Datapoint): string[] {
  const format = dp.notSupported === true ? 'not supported' : dp.format;
  return [String(dp.id), dp.name, dp.kind, format, dp.valueUnit ?? dp.unit, range(dp), dp.default === undefined ? '' : String(dp.default), dp.description];
}

function printFound(io: CliIo, found: readonly Datapoint[]): void {
  const [header, ...lines] = formatTable(['ID', 'NAME', 'KIND', 'FORMAT', 'UNIT', 'RANGE', 'DEFAULT', 'DESCRIPTION'], found.map(row));
  io.out(header ?? '');
  lines.forEach((line, i) => {
    io.out(line);
    // Labels on a line of their own under their datapoint, so that the table stays readable.
    const labels = found[i]?.labels;
    if (labels !== undefined && labels.length > 0) io.out(`      labels: ${labels.map((l) => `${l.value} ${l.label}`).join(', ')}`);
  });
}

/**
 * The datapoint `text` names exactly (a number, a name in any case, an xcom-proto alias,
 * `bms:7000`) first, then the loose matches: `xcom find BATT_SOC` starts with {7032}, before
 * the parameters whose text happens to contain "batt" and "soc".
 */
function exactFirst(text: string): Datapoint[] {
  const exact = exactDatapoint(text);
  const loose = search(text);
  return exact === undefined ? loose : [exact, ...loose.filter((d) => d !== exact)];
}

/** The `find` command. */
export const findCommand = defineCommand({
  name: 'find',
  synopsis: 'xcom find TEXT... [--family F] [--kind info|parameter] [--limit N] [--json]',
  description: `Searches Studer's appendix, offline. First the datapoint the text names exactly: a number
(3000, bms:7000), a name or an xcom-proto alias (BATT_SOC), any case; then every datapoint
whose name, description or RCC short name contain all the words (any case). Prints number,
name, kind, format, unit, range, default and description; enum labels on the line below.
Ranges and defaults are the appendix's (230 Vac Xtenders, 48 V battery) unless --variant or
--battery-voltage say otherwise. Exits 1 when nothing matches, as grep does.`,
  options: { ...RANGE_OPTIONS, family: { type: 'string' }, kind: { type: 'string' }, limit: { type: 'string' } },
  optionHelp: [
    '  --family F      xtender, rcc, bsp, bms, variotrack or variostring',
    '  --kind K        info or parameter',
    '  --limit N       print at most N (default: all)',
    ...RANGE_OPTIONS_HELP,
    '  --verb N        0 numbers and names only, 1 or more the full table (default)',
    '  --json          a JSON array of the catalogue entries',
  ],
  examples: ['xcom find battery voltage', 'xcom find 1138', 'xcom find BATT_SOC --verb 0', 'xcom find charge current --kind parameter --family xtender', 'xcom find aux 2 mode --json',
    'xcom find floating voltage --battery-voltage 24',
  ],
  connection: 'none',
  async run({ values, positionals, io, verb, json }) {
    const text = positionals.join(' ');
    if (text.trim() === '') throw new UsageError('give words or a number to search for (e.g. xcom find battery voltage)', { seeHelp: true });
    const family = choiceOption(values.family, '--family', FAMILY_NAMES);
    const kind = choiceOption(values.kind, '--kind', ['info', 'parameter'] as const);
    const limit = integerOption(values.limit, '--limit', 1, Number.MAX_SAFE_INTEGER);
    const installation = rangeOptions(values);
    const found = exactFirst(text)
      .filter((d) => (family === undefined || d.family === family) && (kind === undefined || d.kind === kind))
      .slice(0, limit)
      .map((d) => installationRanges(d, installation));
    if (json) printJson(io, found);
    else if (found.length === 0) io.err(`xcom find: no datapoint matches "${text}"`);
    else if (verb <= 0) for (const dp of found) io.out(`${dp.id} ${dp.name}`);
    else printFound(io, found);
    return found.length === 0 ? EXIT.FAILURE : EXIT.OK;
  },
});
