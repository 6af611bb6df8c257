/**
 * What each user info reads, from the plant's state: the well-known infos of every family
 * (battery, PV, AC, counters, operating modes) follow the physics, and every other info gets
 * a steady plausible value (by unit) or a valid label. The identity infos (model, hardware,
 * firmware, FID) come from each device's identity (`device-identity.ts`), not from here.
 * @module
 */
import type { Datapoint } from '../catalogue/types.js';
import { isLabelled } from './datapoint-values.js';
import { hashSeed } from './random.js';
import type { DeviceSpec } from './installation-options.js';
import { jitter, type PlantModel } from './plant.js';

/**
 * The user infos that only grow (lifetime totals): a reset signal parameter aside, their
 * value never decreases. Day counters grow too but restart at local midnight.
 */
export const COUNTER_INFOS: ReadonlySet<number> = new Set([7011, 7012, 7013, 11008, 11009, 15020, 15021, 15022, 15023, 15024, 15025]);

/** The value of the first label whose text contains one of `words`, else `fallback` if labelled, else the first label. */
export function pickLabel(dp: Datapoint, words: readonly string[], fallback = 0): number {
  const labels = dp.labels ?? [];
  for (const word of words) {
    const w = word.toLowerCase();
    const hit = labels.find((l) => l.label.toLowerCase().includes(w) || (l.short?.toLowerCase().includes(w) ?? false));
    if (hit !== undefined) return hit.value;
  }
  if (labels.length === 0 || labels.some((l) => l.value === fallback)) return fallback;
  return labels[0]?.value ?? fallback;
}

type InfoRule = (ctx: InfoContext) => number;

/** Everything a rule may look at. */
export interface InfoContext {
  /** The plant, already advanced to now. */
  readonly plant: PlantModel;
  /** The device read. */
  readonly device: DeviceSpec;
  /** The info read. */
  readonly datapoint: Datapoint;
  /** The installation's seed. */
  readonly seed: number;
}

const i0 = (ctx: InfoContext): number => ctx.device.index - 1;
const noisy = (ctx: InfoContext, value: number, amplitude: number): number =>
  value + amplitude * jitter(ctx.seed, ctx.device.address, ctx.datapoint.id, ctx.plant.minute);
const counters = (ctx: InfoContext) => ctx.plant.countersOf(ctx.device.address);

const xtDcAmps = (ctx: InfoContext): number => {
  const p = ctx.plant;
  const i = i0(ctx);
  // With the grid on, AC-In carries the load plus the charge; off-grid the battery carries the load.
  return (((p.acInKw[i] ?? 0) - (p.loadKw[i] ?? 0)) * 1000) / p.batteryVoltage;
};
const xtLoad = (ctx: InfoContext): number => ctx.plant.loadKw[i0(ctx)] ?? 0;
const xtAcIn = (ctx: InfoContext): number => ctx.plant.acInKw[i0(ctx)] ?? 0;
const cyclePhase = (ctx: InfoContext): number => {
  const p = ctx.plant;
  const words = p.batteryCurrent > 0 && p.soc < 0.9 ? ['Bulk'] : p.batteryCurrent > 0 && p.soc < 0.99 ? ['Absorpt'] : ['Float'];
  return pickLabel(ctx.datapoint, words);
};
const vtPower = (ctx: InfoContext): number => ctx.plant.vtPowerKw[i0(ctx)] ?? 0;
const vsPower = (ctx: InfoContext): number => ctx.plant.vsPowerKw[i0(ctx)] ?? 0;
const pvVoltage = (ctx: InfoContext, open: number, mpp: number): number =>
  ctx.plant.sun > 0 ? noisy(ctx, mpp + (open - mpp) * (1 - ctx.plant.sun) * 0.3, 0.5) : noisy(ctx, 2, 1);
const pvMode = (ctx: InfoContext, kw: number): number =>
  kw > 0.01 ? pickLabel(ctx.datapoint, ['Charge', 'MPPT']) : pickLabel(ctx.datapoint, ['Night']);

// "ID batt voltage": the system's nominal voltage (12, 24 or 48), not the live one.
const nominalVoltage = (ctx: InfoContext): number => ctx.plant.nominalVoltage;

const XTENDER: Readonly<Record<number, InfoRule>> = {
  3000: (c) => c.plant.batteryVoltage,
  3001: (c) => c.plant.batteryTemp,
  3004: (c) => (c.plant.gridOn ? 33 : 0),
  3005: xtDcAmps,
  3007: (c) => c.plant.soc * 100,
  3010: cyclePhase,
  3011: (c) => (c.plant.gridOn ? noisy(c, c.plant.acVoltage, 1.5) : 0),
  3012: (c) => (xtAcIn(c) * 1000) / c.plant.acVoltage,
  3013: (c) => xtAcIn(c),
  3018: (c) => pickLabel(c.datapoint, ['Off']),
  3019: (c) => pickLabel(c.datapoint, ['Off']),
  3020: (c) => pickLabel(c.datapoint, c.plant.gridOn ? ['Closed'] : ['Opened']),
  3021: (c) => noisy(c, c.plant.acVoltage, 0.8),
  3022: (c) => (xtLoad(c) * 1000) / c.plant.acVoltage,
  3023: xtLoad,
  3028: (c) => pickLabel(c.datapoint, c.plant.gridOn ? ['Charger'] : ['Inverter']),
  3049: (c) => pickLabel(c.datapoint, ['On']),
  3050: () => 24,
  3076: (c) => counters(c).dischargePrev,
  3078: (c) => counters(c).dischargeDay,
  3080: (c) => counters(c).acInPrev,
  3081: (c) => counters(c).acInDay,
  3082: (c) => counters(c).acOutPrev,
  3083: (c) => counters(c).acOutDay,
  3084: (c) => (c.plant.gridOn ? noisy(c, c.plant.acFrequency, 0.05) : 0),
  3085: (c) => noisy(c, c.plant.acFrequency, 0.02),
  3087: (c) => xtLoad(c) * 1000,
  3125: () => 8000,
  3126: (c) => c.plant.acVoltage,
  3127: (c) => c.plant.nominalVoltage,
  3136: xtLoad,
  3137: xtAcIn,
  3138: xtAcIn,
  3139: xtLoad,
};

const BATTERY: Readonly<Record<number, InfoRule>> = {
  7000: (c) => c.plant.batteryVoltage,
  7001: (c) => c.plant.batteryCurrent,
  7002: (c) => c.plant.soc * 100,
  7003: (c) => c.plant.batteryPowerW,
  7004: (c) =>
    c.plant.batteryCurrent >= 0 ? Number.NaN : Math.max(-60000, -((c.plant.soc * c.plant.capacityAh) / -c.plant.batteryCurrent) * 60),
  7005: (c) => c.plant.batteryTemp,
  7006: () => 100,
  7007: (c) => counters(c).chargedDayAh,
  7008: (c) => counters(c).dischargedDayAh,
  7009: (c) => counters(c).chargedPrevAh,
  7010: (c) => counters(c).dischargedPrevAh,
  7011: (c) => counters(c).totalChargedKah,
  7012: (c) => counters(c).totalDischargedKah,
  7013: (c) => counters(c).totalDays,
  7029: (c) => c.plant.batteryTemp,
  7032: (c) => c.plant.soc * 100,
  7035: (c) => c.plant.nominalVoltage,
};

const VARIOTRACK: Readonly<Record<number, InfoRule>> = {
  11000: (c) => c.plant.batteryVoltage,
  11001: (c) => (vtPower(c) * 1000) / c.plant.batteryVoltage,
  11002: (c) => pvVoltage(c, 120, 95),
  11003: (c) => (vtPower(c) * 1000) / Math.max(1, pvVoltage(c, 120, 95)),
  11004: vtPower,
  11005: (c) => c.plant.batteryTemp,
  11006: (c) => counters(c).pvDayAh,
  11007: (c) => counters(c).pvDayKwh,
  11008: (c) => counters(c).pvResettableKwh,
  11009: (c) => counters(c).pvTotalMwh,
  11010: (c) => counters(c).pvPrevAh,
  11011: (c) => counters(c).pvPrevKwh,
  11016: (c) => pvMode(c, vtPower(c)),
  11025: (c) => counters(c).sunHoursDay,
  11026: (c) => counters(c).sunHoursPrev,
  11038: cyclePhase,
  11041: (c) => pvVoltage(c, 120, 95),
  11043: vtPower,
  11048: (c) => c.plant.nominalVoltage,
};

const VARIOSTRING: Readonly<Record<number, InfoRule>> = {
  15000: (c) => c.plant.batteryVoltage,
  15001: (c) => (vsPower(c) * 1000) / c.plant.batteryVoltage,
  15004: (c) => pvVoltage(c, 520, 420),
  15005: (c) => pvVoltage(c, 520, 420),
  15006: (c) => pvVoltage(c, 520, 420),
  15007: (c) => (vsPower(c) * 1000) / Math.max(1, pvVoltage(c, 520, 420)),
  15010: vsPower,
  15011: (c) => vsPower(c) / 2,
  15012: (c) => vsPower(c) / 2,
  15013: (c) => pvMode(c, vsPower(c)),
  15014: (c) => pvMode(c, vsPower(c)),
  15015: (c) => pvMode(c, vsPower(c)),
  15016: (c) => counters(c).pvDayAh,
  15017: (c) => counters(c).pvDayKwh,
  15018: (c) => counters(c).pvDayKwh / 2,
  15019: (c) => counters(c).pvDayKwh / 2,
  15020: (c) => counters(c).pvResettableKwh,
  15021: (c) => counters(c).pvResettableKwh / 2,
  15022: (c) => counters(c).pvResettableKwh / 2,
  15023: (c) => counters(c).pvTotalMwh,
  15024: (c) => counters(c).pvTotalMwh / 2,
  15025: (c) => counters(c).pvTotalMwh / 2,
  15026: (c) => counters(c).pvPrevAh,
  15027: (c) => counters(c).pvPrevKwh,
  15028: (c) => counters(c).pvPrevKwh / 2,
  15029: (c) => counters(c).pvPrevKwh / 2,
  15075: (c) => c.plant.nominalVoltage,
};

/** A steady value for an info no rule covers: by unit, else a seeded valid label, else 0. */
function fallback(ctx: InfoContext): number {
  const dp = ctx.datapoint;
  if (dp.format === 'SHORT_ENUM' || dp.format === 'LONG_ENUM') {
    const labels = (dp.labels ?? []).filter((l) => !/invalid/i.test(l.label));
    const pool = labels.length > 0 ? labels : (dp.labels ?? []);
    if (pool.length === 0) return 0;
    return pool[hashSeed(ctx.seed, 'enum', ctx.device.address, dp.id) % pool.length]?.value ?? 0;
  }
  const unit = dp.unit.toLowerCase();
  const text = dp.description.toLowerCase();
  if (unit.includes('°c') || unit === 'c') return noisy(ctx, 28, 0.3);
  if (unit === 'hz') return noisy(ctx, ctx.plant.acFrequency, 0.02);
  if (unit === 'vac') return noisy(ctx, ctx.plant.acVoltage, 0.8);
  if ((unit === 'vdc' || unit === 'v') && text.includes('batt')) return ctx.plant.batteryVoltage;
  if (unit === '%' && text.includes('charge')) return ctx.plant.soc * 100;
  return 0;
}

/** The current value of a user info of a device (the plant must be advanced to now). */
export function infoValue(ctx: InfoContext): number {
  const table =
    ctx.device.family === 'xtender'
      ? XTENDER
      : ctx.device.family === 'variotrack'
        ? VARIOTRACK
        : ctx.device.family === 'variostring'
          ? VARIOSTRING
          : ctx.device.family === 'bsp' || ctx.device.family === 'bms'
            ? BATTERY
            : undefined;
  const rule = table?.[ctx.datapoint.id];
  const value = rule === undefined ? fallback(ctx) : rule(ctx);
  if (ctx.datapoint.format === 'SHORT_ENUM' || ctx.datapoint.format === 'LONG_ENUM') {
    return isLabelled(ctx.datapoint, value) ? value : (ctx.datapoint.labels?.[0]?.value ?? 0);
  }
  return Math.fround(value);
}
