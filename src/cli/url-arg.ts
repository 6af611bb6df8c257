/**
 * The argument of `--url`, `--port` and `XCOM_URL`: a transport URL or a serial device path,
 * and nothing else. A bare host, `udp:/host` or `ttyUSB0` would otherwise become a serial port
 * of that name and fail as a connection (exit 3) after a wait; it is a usage error (exit 2)
 * that spells the form meant.
 * @module
 */
import { isAbsolute, resolve } from 'node:path';
import { UsageError } from './command.js';

const URL_PREFIX = /^[a-z][a-z0-9+.-]*:\/\//i;
const WINDOWS_PORT = /^(\\\\\.\\)?COM\d+$/i;
const SCHEMES = ['udp', 'tcp', 'tcp-listen', 'serial'] as const;
/** A known scheme with its `://` mistyped: `udp:/host`, `udp:host`, `udp//host`, `udp:\\host`. */
const BROKEN_SCHEME = /^(udp|tcp-listen|tcp|serial)(?::[/\\]?(?![/\\])|:[/\\]{3,}|[/\\]{2}|:\\\\)(.*)$/i;
const DEVICE_NAME = /^(tty|cu\.|rfcomm)\S*$/;
const HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+|[0-9a-f:]*:[0-9a-f:.]*)(:\d+)?$/i;

/** Whether `text` is a serial device path: absolute (`/dev/ttyUSB0`), or a Windows `COMn`. */
export function isDevicePath(text: string): boolean {
  return text.startsWith('/') || WINDOWS_PORT.test(text);
}

/** The form the user probably meant, when there is one. */
function suggestion(text: string): string | undefined {
  const broken = BROKEN_SCHEME.exec(text);
  if (broken !== null) {
    const scheme = (broken[1] as string).toLowerCase();
    const rest = broken[2] as string;
    return scheme === 'serial' ? `serial://${isDevicePath(rest) ? rest : `/${rest}`}` : `${scheme}://${rest.replace(/^[/\\]+/, '')}`;
  }
  if (DEVICE_NAME.test(text)) return `/dev/${text}`;
  if (text.startsWith('./') || text.startsWith('../') || text.startsWith('dev/')) return isAbsolute(text) ? text : resolve(text);
  if (HOST.test(text)) return `udp://${text.includes(':') && !text.startsWith('[') && text.split(':').length > 2 ? `[${text}]` : text}`;
  return undefined;
}

/**
 * The transport URL `text` names: a URL as it is (its scheme and options are checked when the
 * transport is made), a device path as a `serial://` URL.
 *
 * @param text the argument, trimmed
 * @param source where it came from, for the message (`--url`, `--port`, `XCOM_URL`)
 * @throws UsageError naming the form meant (`udp://127.0.0.1` for `127.0.0.1`)
 */
export function transportUrl(text: string, source: string): string {
  if (URL_PREFIX.test(text)) return text;
  if (isDevicePath(text)) return `serial://${text.replace(/[%?#]/g, (c) => encodeURIComponent(c))}`;
  throw refusal(`${source} "${text}" is neither a URL (${SCHEMES.map((s) => `${s}://`).join(', ')}) nor ${DEVICES}`, suggestion(text));
}

const DEVICES = 'a device path (/dev/ttyUSB0, COM3)';

function refusal(what: string, meant: string | undefined): UsageError {
  return new UsageError(meant === undefined ? what : `${what}: did you mean ${meant}?`);
}

/**
 * Checks that `text` is a serial device path.
 *
 * @param text the argument, trimmed
 * @param source where it came from, for the message (`--candidates`)
 * @throws UsageError naming the path meant (`/dev/ttyUSB0` for `ttyUSB0`)
 */
export function checkDevicePath(text: string, source: string): void {
  if (isDevicePath(text)) return;
  const meant = suggestion(text);
  throw refusal(`${source} "${text}" is not ${DEVICES}`, meant?.startsWith('/') === true ? meant : undefined);
}
