/**
 * `xcom messages`: the Xcom-232i's message log with its texts, and `--follow` for each new
 * message as it arrives.
 * @module
 */
import { formatDeviceCode } from '../catalogue/device-codes.js';
import { messageKey } from '../client/message-log.js';
import type { XcomMessage } from '../client/results.js';
import type { XcomClient } from '../client/xcom-client.js';
import { durationOption, integerOption } from './args.js';
import { UsageError } from './command.js';
import { defineCommand } from './define-command.js';
import { failureOf } from './exit-codes.js';
import type { CliIo } from './io.js';
import { jsonLine, printJson } from './output.js';

/** The time of a message as the installation's clock counts it (local wall-clock time, no zone). */
export function messageTime(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

function sourceOf(message: XcomMessage): string {
  return formatDeviceCode(message.srcAddr) ?? String(message.srcAddr);
}

function textOf(message: XcomMessage): string {
  return message.text ?? `message ${message.type}`;
}

/** One line of the log: time, source, number and text; tab-separated at `--verb 0`. */
export function messageLine(message: XcomMessage, verb: number): string {
  const fields = [messageTime(message.timestamp), sourceOf(message), String(message.type), textOf(message)];
  if (verb <= 0) return fields.join('\t');
  return `${fields[0] ?? ''}  ${(fields[1] ?? '').padEnd(6)}${(fields[2] ?? '').padStart(4)}  ${fields[3] ?? ''}`;
}

/** The header over {@link messageLine}'s columns, at `--verb 2` and above. */
export const MESSAGE_HEADER = `${'TIME'.padEnd(19)}  ${'SOURCE'.padEnd(6)}${'NR'.padStart(4)}  MESSAGE`;

/** A message as JSON. */
export function messageJson(message: XcomMessage): Record<string, unknown> {
  return {
    time: messageTime(message.timestamp),
    timestamp: message.timestamp,
    source: sourceOf(message),
    srcAddr: message.srcAddr,
    number: message.type,
    text: message.text ?? null,
    value: message.value,
  };
}

/** Prints `messages` in order; the header (at `--verb 2` and above) only when there is one. */
function printMessages(io: CliIo, messages: readonly XcomMessage[], verb: number, header: boolean): void {
  if (messages.length === 0) return;
  if (header && verb >= 2) io.out(MESSAGE_HEADER);
  for (const message of messages) io.out(messageLine(message, verb));
}

/** What `--follow` needs. */
interface FollowOptions {
  readonly io: CliIo;
  readonly verb: number;
  readonly json: boolean;
  readonly signal: AbortSignal;
  /** How many messages of the log to print first (0: none). */
  readonly limit: number;
  /** How often the log is checked, in ms. */
  readonly intervalMs: number;
}

/**
 * `--follow`: the last `limit` messages oldest first, then each new one until the signal
 * aborts. The watch takes its bearings (reads message 0) before the backlog is read, so that
 * nothing logged in between is lost; a message both see is printed once.
 */
async function followLog(client: XcomClient, options: FollowOptions): Promise<void> {
  const { io, verb, json, signal } = options;
  const onError = (error: Error): void => io.err(`xcom messages: ${failureOf(error).message}`);
  const watch = client.watchMessages({ signal, intervalMs: options.intervalMs, onError });
  const first = watch.next();
  // Awaited below; rejected before then (Ctrl+C during the backlog), it must not go unhandled.
  first.catch(() => undefined);
  const log = options.limit === 0 ? [] : await client.readMessages({ limit: options.limit, signal });
  const printed = new Set(log.map(messageKey));
  const backlog = [...log].reverse();
  if (json) for (const message of backlog) io.out(jsonLine(messageJson(message)));
  else printMessages(io, backlog, verb, true);
  let header = backlog.length === 0 && verb >= 2;
  for (let next = await first; next.done !== true; next = await watch.next()) {
    const message = next.value;
    if (printed.delete(messageKey(message))) continue;
    if (json) {
      io.out(jsonLine(messageJson(message)));
      continue;
    }
    if (header) io.out(MESSAGE_HEADER);
    header = false;
    io.out(messageLine(message, verb));
  }
}

/** The `messages` command. */
export const messagesCommand = defineCommand({
  name: 'messages',
  synopsis: 'xcom messages [--limit N] [--follow [--every T]] [--json] [options]',
  description: `Prints the Xcom-232i's message log with Studer's texts: time (the installation's clock),
source unit, message number and text, newest first. An empty log prints nothing. Each message
costs one request. With --follow, prints the last --limit messages oldest first (as tail -f),
then each new message as it arrives, until Ctrl+C (exit 130); the log is checked every
--every. Reading the newest message clears the "message pending" flag that Studer's portal
(and any other reader of the gateway) sees.`,
  options: { limit: { type: 'string' }, follow: { type: 'boolean', short: 'f' }, every: { type: 'string' } },
  optionHelp: [
    '  --limit N       print at most N messages of the log (default 20; 0 with --follow: none)',
    '  -f, --follow    then print each new message as it arrives, until Ctrl+C',
    '  --every T       with --follow, how often the log is checked: 5s (default), 500ms, 1m',
    '  --verb N        0 tab-separated fields, 1 aligned lines, 2 with a header (default), 3 also frames',
    '  --json          a JSON array of the messages; with --follow, one JSON object per line',
  ],
  examples: ['xcom messages --url udp://192.168.1.50', 'xcom messages --limit 5 --json', 'xcom messages --follow --limit 0 >> events.log'],
  connection: 'use',
  async run({ values, io, verb, json, signal, withClient }) {
    const follow = values.follow === true;
    const limit = integerOption(values.limit, '--limit', follow ? 0 : 1, 100_000) ?? 20;
    const intervalMs = durationOption(values.every, '--every', 24 * 3_600_000) ?? 5000;
    if (intervalMs < 10) throw new UsageError(`--every must be at least 10ms, got "${values.every ?? ''}"`);
    await withClient(async (client) => {
      if (follow) {
        await followLog(client, { io, verb, json, signal, limit, intervalMs });
        return;
      }
      const log = await client.readMessages({ limit, signal });
      if (json) printJson(io, log.map(messageJson));
      else printMessages(io, log, verb, true);
    });
  },
});
