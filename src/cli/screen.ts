/**
 * `xcom screen`: the RCC display through the Xcom-232i (object type 0x0100): printed as text,
 * written as a PNG, or live in the terminal with the arrows, Esc and Enter as the RCC's keys.
 * @module
 */
import { writeFile } from 'node:fs/promises';
import { MAX_PNG_SCALE, type RccScreen } from '../protocol/rcc-screen.js';
import { RCC_KEYS, type RccKey } from '../protocol/screen-codec.js';
import { durationOption, integerOption } from './args.js';
import { CommandError, UsageError } from './command.js';
import { defineCommand } from './define-command.js';
import { EXIT } from './exit-codes.js';
import { printJson } from './output.js';
import { BRAILLE_SIZE, FULL_SIZE, runLiveScreen } from './screen-live.js';
import { halfBlockLines } from './screen-text.js';

const MIN_EVERY_MS = 100;

function keyOption(value: string | undefined): RccKey {
  if (value === undefined) return 'none';
  const key = value.toLowerCase();
  if (!Object.hasOwn(RCC_KEYS, key)) throw new UsageError(`--key must be one of ${Object.keys(RCC_KEYS).join(', ')}, got "${value}"`);
  return key as RccKey;
}

/** The `screen` command. */
export const screenCommand = defineCommand({
  name: 'screen',
  synopsis: `xcom screen [--key KEY] [-o FILE.png [--scale N]] [--json] [options]
       xcom screen --live [--every T] [options]`,
  description: `Reads the RCC display through the Xcom-232i (spec §6.2), after pressing --key if given,
and prints it as text (128 × 32 characters of half blocks), or writes it as a PNG with -o.
--live shows it in the terminal and keeps it up to date: the arrow keys up and down, Esc and
Enter are the RCC's keys, q quits. It needs ${FULL_SIZE.columns} × ${FULL_SIZE.rows} characters for the full size;
a terminal of at least ${BRAILLE_SIZE.columns} × ${BRAILLE_SIZE.rows} gets the display in Braille dots (2 × 4 pixels a
character), a smaller one a message. The picture's orientation and polarity are those one
field report gives for real gateways; they are unverified on hardware.`,
  options: {
    key: { type: 'string' },
    output: { type: 'string', short: 'o' },
    scale: { type: 'string' },
    live: { type: 'boolean' },
    every: { type: 'string' },
  },
  optionHelp: [
    '  --key KEY       press a key first: up, down, esc, set (none, the default, only reads)',
    '  -o FILE         write the display as a PNG (black on white) instead of printing it',
    `  --scale N       enlarge the PNG N times (1 to ${MAX_PNG_SCALE}; default 1, 128 × 64 pixels)`,
    '  --live          show the display in the terminal and send the keys (q quits)',
    '  --every T       --live: read the display again every T (default 1s; at least 100ms)',
    '  --json          print {"key", "encoding", "width", "height", "rows"} (rows in hex, top first)',
    '  --verb N        0 prints nothing after -o, 1 or 2 a line naming the file (default 2)',
  ],
  examples: [
    'xcom screen                              # the display as text',
    'xcom screen --key down -o rcc.png --scale 4',
    'xcom screen --live --url udp://192.168.1.50',
  ],
  connection: 'use',
  async run({ values, positionals, io, verb, json, signal, withClient }) {
    if (positionals.length > 0) throw new UsageError(`screen takes options only, got "${positionals[0] ?? ''}"`, { seeHelp: true });
    const key = keyOption(values.key);
    const live = values.live === true;
    const output = values.output;
    const scale = integerOption(values.scale, '--scale', 1, MAX_PNG_SCALE);
    if (output === '') throw new UsageError('-o takes a file name');
    if (scale !== undefined && output === undefined) throw new UsageError('--scale sizes the PNG of -o');
    const everyMs = durationOption(values.every, '--every', 3_600_000);
    if (everyMs !== undefined && !live) throw new UsageError('--every is the period of --live');
    if (everyMs !== undefined && everyMs < MIN_EVERY_MS) throw new UsageError(`--every must be at least ${MIN_EVERY_MS}ms`);
    if (live && (output !== undefined || json)) throw new UsageError('--live draws in the terminal: it takes neither -o nor --json');
    const terminal = io.terminal;
    if (live && terminal === undefined) {
      throw new UsageError('--live needs a terminal (standard input and output); without --live, xcom screen prints the display once');
    }
    return withClient(async (client) => {
      const screen = await client.readScreen({ key, signal });
      if (live && terminal !== undefined) return runLiveScreen(client, terminal, screen, { everyMs: everyMs ?? 1000, signal });
      if (output !== undefined) {
        const png = screen.toPNG({ scale: scale ?? 1 });
        try {
          await writeFile(output, png);
        } catch (cause) {
          throw new CommandError(`cannot write ${output}: ${(cause as Error).message}`, EXIT.FAILURE);
        }
        if (json) printJson(io, { key, encoding: screen.encoding, file: output, width: screen.width * (scale ?? 1), height: screen.height * (scale ?? 1) });
        else if (verb > 0) io.out(`${output}: ${pngSummary(screen, scale ?? 1)}`);
        return EXIT.OK;
      }
      if (json) printJson(io, { key, encoding: screen.encoding, width: screen.width, height: screen.height, rows: screen.rows });
      else for (const line of halfBlockLines(screen)) io.out(line);
      return EXIT.OK;
    });
  },
});

function pngSummary(screen: RccScreen, scale: number): string {
  return `${screen.width * scale} × ${screen.height * scale} PNG of the RCC display (${screen.encoding} reply)`;
}
