/**
 * Poll an installation: one multi-info request per cycle (up to 76 user infos in one frame,
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
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { type Datapoint, type MultiInfoItem, XcomClient, XcomDeviceError, XcomError, XcomP, labelOf } from 'xcom-ts';
import { udpTarget } from './support/target.js';

const { values, positionals } = parseArgs({
  options: { url: { type: 'string' }, interval: { type: 'string' }, cycles: { type: 'string' } },
  allowPositionals: true,
});
const url = values.url ?? positionals[0] ?? (process.env.XCOM_URL || undefined);
const intervalMs = Number(values.interval ?? 1000);
const cycles = values.cycles !== undefined ? Number(values.cycles) : process.env.CI ? 3 : Infinity;
if (!(intervalMs >= 0) || !(cycles >= 1)) throw new Error('--interval must be ≥ 0 ms and --cycles ≥ 1');

// Ctrl-C aborts the signal: the request in flight and the pause both end at once, and we
// close cleanly. A second Ctrl-C falls back to Node's default: exit at once.
const controller = new AbortController();
process.once('SIGINT', () => controller.abort(new Error('interrupted')));
const { signal } = controller;

await using target = await udpTarget(url);
await using xcom = await XcomClient.connect(target.url);

/** What to poll, with a short label; adapt to your installation (no BSP? read XcomP.XT_BATTERY_VOLTAGE). */
const POLL: readonly (readonly [label: string, item: MultiInfoItem & { id: Datapoint }])[] = [
  ['SOC', { id: XcomP.BATT_SOC }],
  ['battery', { id: XcomP.BATT_VOLTAGE }],
  ['battery', { id: XcomP.BATT_POWER }],
  ['PV', { id: XcomP.PV_POWER, aggregation: 'sum' }], // every VarioTrack
  ['load', { id: XcomP.AC_POWER_OUT, aggregation: 'sum' }], // every Xtender (all phases)
  ['VT', { id: XcomP.PV_OPERATION_MODE }],
];

/** One cycle's values, in POLL's order. */
async function readAll(multiInfo: boolean): Promise<(number | boolean)[]> {
  if (multiInfo) {
    const result = await xcom.readMultiInfo(POLL.map(([, item]) => item), { signal });
    return result.items.map((item) => item.value);
  }
  // Without multi-info, one request per value (master devices only, no sums).
  const out: (number | boolean)[] = [];
  for (const [, item] of POLL) {
    const value = await xcom.getValue(item.id, { signal });
    out.push(typeof value === 'boolean' ? value : Number(value)); // user infos are numbers or booleans
  }
  return out;
}

function format(values: readonly (number | boolean)[]): string {
  return POLL.map(([label, { id: dp }], i) => {
    const v = values[i] ?? NaN;
    const text = typeof v === 'number' && dp.labels !== undefined ? (labelOf(dp, v) ?? String(v)) : typeof v === 'number' ? v.toFixed(2) : String(v);
    return `${label} ${text}${dp.labels === undefined && dp.unit !== '' ? ` ${dp.unit}` : ''}`;
  }).join('  ');
}

let multiInfo = true;
let done = 0;
while (done < cycles && !signal.aborted) {
  try {
    const values = await readAll(multiInfo);
    done++;
    console.log(`#${done} ${new Date().toISOString().slice(11, 19)}  ${format(values)}`);
  } catch (error) {
    if (signal.aborted) break;
    // Xcom firmware before 1.6.74 lacks multi-info: fall back to single reads, once.
    if (multiInfo && error instanceof XcomDeviceError && error.code === 'SERVICE_NOT_SUPPORTED') {
      console.log('multi-info not supported by this Xcom: reading one value at a time');
      multiInfo = false;
      continue;
    }
    // A lost frame or a link glitch should not end a long-running poll: report, go on.
    if (!(error instanceof XcomError)) throw error;
    console.log(`cycle failed: ${error.code}: ${error.message}`);
  }
  if (done < cycles) await sleep(intervalMs, undefined, { signal }).catch(() => undefined);
}

const s = xcom.stats;
console.log(
  `stopped after ${done} cycle(s)${signal.aborted ? ' (Ctrl-C)' : ''}: ${s.requests} requests, ${s.retries} retries, ${s.timeouts} timeouts`,
);
