/**
 * Compares the catalogue with a third party's transcription of the same appendix (GPL data,
 * read from `../shared/reference/crosscheck/` at test time, never copied into the project).
 * @module
 */
import type { Datapoint, Family, UserLevel } from '../../src/index.js';

/** The fields the comparison looks at. */
export type ComparedField = 'presence' | 'kind' | 'format' | 'unit' | 'valueUnit' | 'default' | 'min' | 'max' | 'level' | 'labels';

/** One disagreement: `'xtender 1311 default'` and the two values. */
export interface Difference {
  /** `family id field`. */
  readonly key: string;
  /** What the catalogue (the PDF) has. */
  readonly ours: unknown;
  /** What the cross-check file has. */
  readonly theirs: unknown;
}

/** One entry of the cross-check file (only the fields compared). */
interface Entry {
  readonly fam?: string;
  readonly lvl?: string;
  readonly nr?: number;
  readonly name?: string;
  readonly fmt?: string;
  readonly unit?: string;
  readonly urcc?: string;
  readonly def?: number | string;
  readonly min?: number | string;
  readonly max?: number | string;
  readonly opt?: Readonly<Record<string, string>>;
}

const FAMILIES: Readonly<Record<string, Family>> = { xt: 'xtender', rcc: 'rcc', bsp: 'bsp', bms: 'bms', vt: 'variotrack', vs: 'variostring' };
const LEVELS: Readonly<Record<string, UserLevel>> = { Basic: 'BASIC', Expert: 'EXPERT', 'Inst.': 'INSTALLER', QSP: 'QSP', 'V.O.': 'VIEW_ONLY' };
const FORMATS: Readonly<Record<string, string>> = {
  BOOL: 'BOOL',
  FLOAT: 'FLOAT',
  INT32: 'INT32',
  'LONG ENUM': 'LONG_ENUM',
  'SHORT ENUM': 'SHORT_ENUM',
  // The file's name for a parameter without a format; the catalogue types those DYNAMIC.
  'Not supported': 'DYNAMIC',
};

/** A default/min/max of the file: "S" (a signal) stays, "None" and "" are no value. */
const theirValue = (v: number | string | undefined): number | string | undefined => (v === '' || v === 'None' ? undefined : v);
const ourValue = (dp: Datapoint, v: number | undefined): number | string | undefined => (dp.signal === true ? 'S' : v);

/**
 * Labels agree when both list the same values and, for each value, the file's text is the
 * catalogue's long or short label (the appendix prints both for some infos; the file kept one).
 */
function labelsAgree(dp: Datapoint, opt: Readonly<Record<string, string>> | undefined): boolean {
  const ours = dp.labels ?? [];
  const theirs = Object.entries(opt ?? {});
  if (ours.length !== theirs.length) return false;
  return theirs.every(([value, text]) => ours.some((l) => String(l.value) === value && (l.label === text || l.short === text)));
}

/** Every disagreement between the catalogue and the cross-check file's entries. */
export function compareWithCrosscheck(datapoints: readonly Datapoint[], entries: readonly Entry[]): Difference[] {
  const ours = new Map(datapoints.map((d) => [`${d.family} ${d.id}`, d]));
  const differences = new Map<string, Difference>();
  const note = (key: string, a: unknown, b: unknown): void => {
    if (!differences.has(key)) differences.set(key, { key, ours: a, theirs: b });
  };
  const seen = new Set<string>();
  for (const e of entries) {
    if (e.nr === undefined || e.fam === undefined || e.fmt === 'ONLY LEVEL') continue;
    const id = `${FAMILIES[e.fam]} ${e.nr}`;
    seen.add(id);
    const dp = ours.get(id);
    if (dp === undefined) {
      note(`${id} presence`, 'absent', e.name?.trim());
      continue;
    }
    // A parameter printed in two menus is two entries of the file: each is compared.
    const compare = (field: ComparedField, a: unknown, b: unknown): void => {
      if (JSON.stringify(a) !== JSON.stringify(b)) note(`${id} ${field}`, a, b);
    };
    const kind = e.lvl === 'Info' ? 'info' : 'parameter';
    compare('kind', dp.kind, kind);
    compare('format', dp.format, e.fmt === undefined ? undefined : FORMATS[e.fmt]);
    if (kind === 'info') {
      compare('unit', dp.unit, e.urcc ?? '');
      compare('valueUnit', dp.valueUnit, e.unit === '' ? undefined : e.unit);
    } else {
      compare('unit', dp.unit, e.unit ?? '');
      compare('level', dp.level, e.lvl === undefined ? undefined : LEVELS[e.lvl]);
      compare('default', ourValue(dp, dp.default), theirValue(e.def));
      compare('min', ourValue(dp, dp.min), theirValue(e.min));
      compare('max', ourValue(dp, dp.max), theirValue(e.max));
    }
    if (!labelsAgree(dp, e.opt)) note(`${id} labels`, dp.labels?.map((l) => `${l.value}:${l.label}${l.short === undefined ? '' : `/${l.short}`}`), e.opt);
  }
  for (const [id, dp] of ours) if (!seen.has(id)) note(`${id} presence`, dp.description, 'absent');
  return [...differences.values()];
}
