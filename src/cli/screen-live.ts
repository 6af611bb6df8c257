/**
 * `xcom screen --live`: the RCC in a terminal. The display is drawn in Unicode half blocks
 * (128 × 32 characters and a status line) when the terminal has room, in Braille dots
 * (64 × 16) when it has at least 64 × 17, else a line saying how much room it needs. It is
 * read again every period and after each key; the arrows, Esc and Enter press the RCC's
 * keys, q quits, and Ctrl+C interrupts. The terminal is restored however the view ends.
 * @module
 */
import type { XcomClient } from '../client/xcom-client.js';
import type { RccScreen } from '../protocol/rcc-screen.js';
import type { RccKey } from '../protocol/screen-codec.js';
import { EXIT, failureOf } from './exit-codes.js';
import type { CliTerminal } from './io.js';
import { brailleLines, halfBlockLines } from './screen-text.js';
import { parseKeys } from './terminal-keys.js';

const CSI = '\u001b[';
/** The alternate screen (the shell's screen comes back at the end) and a hidden cursor. */
const ENTER = `${CSI}?1049h${CSI}?25l${CSI}2J`;
const LEAVE = `${CSI}?25h${CSI}?1049l`;

/** The room the full-size view needs: 128 columns, 32 lines and the status line. */
export const FULL_SIZE = { columns: 128, rows: 33 } as const;
/** The room the Braille view needs: 64 columns, 16 lines and the status line. */
export const BRAILLE_SIZE = { columns: 64, rows: 17 } as const;

/** Options of {@link runLiveScreen}. */
export interface LiveScreenOptions {
  /** The period of the refresh, ms. */
  readonly everyMs: number;
  /** Ends the view (Ctrl+C or SIGTERM caught by the command's skeleton). */
  readonly signal: AbortSignal;
  /** The time of day shown in the status line (default: this machine's clock). */
  readonly clock?: () => Date;
}

/** The lines that show `screen` in a terminal of `columns` × `rows`, status line excluded. */
export function liveLines(screen: RccScreen, columns: number, rows: number): string[] {
  if (columns >= FULL_SIZE.columns && rows >= FULL_SIZE.rows) return halfBlockLines(screen);
  if (columns >= BRAILLE_SIZE.columns && rows >= BRAILLE_SIZE.rows) return brailleLines(screen);
  return [
    `This terminal is ${columns} × ${rows}: the RCC display needs`,
    `${BRAILLE_SIZE.columns} × ${BRAILLE_SIZE.rows} (Braille dots), ${FULL_SIZE.columns} × ${FULL_SIZE.rows} at full size.`,
    'Enlarge the window, or press q to quit.',
  ].map((line) => line.slice(0, Math.max(0, columns)));
}

const time = (date: Date): string => date.toTimeString().slice(0, 8);

/**
 * Runs the live view on `terminal`, starting from `first` (already read), until q, Ctrl+C or
 * `signal`; resolves with the exit code (0 for q, 130 for Ctrl+C). A failed read shows in the
 * status line and the view goes on.
 */
export function runLiveScreen(client: XcomClient, terminal: CliTerminal, first: RccScreen, options: LiveScreenOptions): Promise<number> {
  const { everyMs, signal } = options;
  const clock = options.clock ?? (() => new Date());
  let screen = first;
  let error: string | undefined;
  let at = clock();
  let shown = '';
  let done = false;
  let queued = 0;
  let chain: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const draw = (clear = false): void => {
    const { columns, rows } = terminal;
    const status = error === undefined ? `RCC ${time(at)}  ↑ ↓ Esc Enter: keys  q: quit` : `RCC ${time(at)}  ${error}`;
    const lines = [...liveLines(screen, columns, rows), status.slice(0, columns)];
    const frame = `${CSI}H${lines.map((line) => `${line}${CSI}K`).join('\r\n')}${CSI}J`;
    if (frame === shown && !clear) return;
    shown = frame;
    terminal.write(clear ? `${CSI}2J${frame}` : frame);
  };

  return new Promise<number>((resolve) => {
    const read = (key: RccKey): void => {
      queued++;
      chain = chain.then(async () => {
        try {
          if (done) return;
          screen = await client.readScreen({ key, signal });
          error = undefined;
          at = clock();
        } catch (e) {
          error = failureOf(e).message;
        } finally {
          queued--;
        }
        if (!done) draw();
      });
    };
    const tick = (): void => {
      // A refresh only when nothing is waiting: a slow link must not pile reads up.
      if (queued === 0) read('none');
      timer = setTimeout(tick, everyMs);
    };
    const stopKeys = terminal.readKeys((data) => {
      for (const key of parseKeys(data)) {
        if (key === 'quit') finish(EXIT.OK);
        else if (key === 'interrupt') finish(EXIT.INTERRUPTED);
        else if (!done) read(key);
      }
    });
    const stopResize = terminal.onResize(() => draw(true));
    const onAbort = (): void => finish(EXIT.OK);
    function finish(code: number): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      stopKeys();
      stopResize();
      signal.removeEventListener('abort', onAbort);
      terminal.write(LEAVE);
      resolve(code);
    }
    terminal.write(ENTER);
    draw();
    if (signal.aborted) finish(EXIT.OK);
    else {
      signal.addEventListener('abort', onAbort, { once: true });
      timer = setTimeout(tick, everyMs);
    }
  });
}
