/**
 * Poll an installation with `xcom.poll`: one multi-info request per cycle (up to 76 user infos in one frame,
 * summed or averaged over a family by the gateway), until Ctrl-C or `--cycles`.
 *
 *   npx tsx examples/polling.ts                       # the simulator, until Ctrl-C
 *   npx tsx examples/polling.ts URL --interval 5000   # hardware, every 5 s (placeholder URL:
 *                                                     # 'udp://192.168.1.50:4002?localPort=4001')
 *   npx tsx examples/polling.ts --cycles 3            # three cycles, then exit
 *
 * With `CI` set and no `--cycles` it stops after 3 cycles, so that CI can run it.
 * Read-only.
 */
import { parseArgs } from 'node:util';
import { type ReadItem, type ReadValueEntry, XcomClient, XcomP, labelOf } from 'xcom-ts';
import { udpTarget } from './support/target.js';

const { values, positionals } = parseArgs({
  options: { url: { type: 'string' }, interval: { type: 'string' }, cycles: { type: 'string' } },
  allowPositionals: true,
});
const url = values.url ?? positionals[0] ?? (process.env.XCOM_URL || undefined);
const intervalMs = Number(values.interval ?? 1000);
const cycles = values.cycles !== undefined ? Number(values.cycles) : process.env.CI ? 3 : Infinity;
if (!(intervalMs > 0) || !(cycles >= 1)) throw new Error('--interval must be > 0 ms and --cycles ≥ 1');

// Ctrl-C aborts the signal: the request in flight and the pause both end at once, the loop
// ends, and we close cleanly. A second Ctrl-C falls back to Node's default: exit at once.
const controller = new AbortController();
process.once('SIGINT', () => controller.abort(new Error('interrupted')));
const { signal } = controller;

await using target = await udpTarget(url);
await using xcom = await XcomClient.connect(target.url);

/** What to poll, with a short label; adapt to your installation (no BSP? read XcomP.XT_BATTERY_VOLTAGE). */
const POLL: readonly (readonly [label: string, item: ReadItem])[] = [
  ['SOC', { datapoint: XcomP.BATT_SOC }],
  ['battery', { datapoint: XcomP.BATT_VOLTAGE }],
  ['battery', { datapoint: XcomP.BATT_POWER }],
  ['PV', { datapoint: XcomP.PV_POWER, aggregation: 'sum' }], // every VarioTrack
  ['load', { datapoint: XcomP.AC_POWER_OUT, aggregation: 'sum' }], // every Xtender (all phases)
  ['VT', { datapoint: XcomP.PV_OPERATION_MODE }],
];

function format(entries: readonly ReadValueEntry[]): string {
  return entries
    .map((entry, i) => {
      const label = POLL[i]?.[0] ?? entry.key;
      // One absent unit or unknown number fails its own item only.
      if (!entry.ok) return `${label} ${entry.error.code}`;
      // A documented sentinel ("no sensor", …) is no reading: say so rather than print it.
      if (entry.absent !== undefined) return `${label} ${entry.absent}`;
      const dp = entry.datapoint;
      const v = entry.value;
      const text = typeof v === 'number' && dp.labels !== undefined ? (labelOf(dp, v) ?? String(v)) : typeof v === 'number' ? v.toFixed(2) : String(v);
      return `${label} ${text}${dp.labels === undefined && dp.unit !== '' ? ` ${dp.unit}` : ''}`;
    })
    .join('  ');
}

// One multi-info request per cycle (up to 76 infos each); on Xcom firmware before 1.6.74,
// which lacks multi-info, poll reads one value at a time instead (sums need `units` then).
let done = 0;
for await (const snap of xcom.poll(
  POLL.map(([, item]) => item),
  { every: intervalMs, signal },
)) {
  done++;
  if (done === 1 && xcom.multiInfoSupported === false) console.log('multi-info not supported by this Xcom: reading one value at a time');
  const late = snap.lateMs > 0 ? `  (${Math.round(snap.lateMs)} ms late)` : '';
  console.log(`#${done} ${new Date(snap.timestamp).toISOString().slice(11, 19)}  ${format(snap.entries)}${late}`);
  // A lost frame or a link glitch does not end a long-running poll: it is reported, and the next cycle reads again.
  if (snap.linkError !== undefined) console.log(`link failed: ${snap.linkError.code}: ${snap.linkError.message}`);
  if (done >= cycles) break;
}

const s = xcom.stats;
console.log(
  `stopped after ${done} cycle(s)${signal.aborted ? ' (Ctrl-C)' : ''}: ${s.requests} requests, ${s.retries} retries, ${s.timeouts} timeouts`,
);
