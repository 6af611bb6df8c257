/**
 * The `XcomP` names: family prefix + Studer's description in UPPER_SNAKE_CASE, told apart by
 * their menus where a family prints one description several times, by number only where nothing
 * else does. Published names are kept in `catalogue/names.json` so that a newer appendix adding
 * a duplicate never renames what users already type.
 * @module
 */
import type { Family } from '../../src/catalogue/types.js';
import type { AppendixData, DatapointRecord, MenuRecord } from './appendix-data.js';

/** The name prefix of each family. */
export const FAMILY_PREFIX: Readonly<Record<Family, string>> = {
  xtender: 'XT',
  rcc: 'RCC',
  bsp: 'BSP',
  bms: 'BMS',
  variotrack: 'VT',
  variostring: 'VS',
};

/** The published names: family → number → name. */
export type NamesFile = Record<Family, Record<string, string>>;

/** UPPER_SNAKE_CASE of a description ("Cos phi at P = 0%" → "COS_PHI_AT_P_0_PERCENT"). */
export function snakeCase(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/%/g, ' percent ')
    .replace(/&/g, ' and ')
    .replace(/\/\//g, ' parallel ')
    .replace(/'/g, '')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
}

/** The key of a datapoint in the names file and in the maps below. */
export const keyOf = (dp: { readonly family: Family; readonly id: number }): string => `${dp.family}/${dp.id}`;

/**
 * The titles of the menus around a datapoint's first printing, innermost first; for an info,
 * the one word "INFO" (infos sit in no menu, and an info and a parameter may share a
 * description: "Battery charge current").
 */
function menuChain(dp: DatapointRecord, menus: readonly MenuRecord[]): string[] {
  if (dp.kind === 'info') return ['INFO'];
  const chain: string[] = [];
  let menu = menus.find((m) => m.family === dp.family && m.entries.includes(dp.id));
  while (menu !== undefined) {
    chain.push(menu.description);
    const inner: MenuRecord = menu;
    menu = menus.find((m) => m.family === inner.family && m.id === inner.parent && m.entries.includes(inner.id));
  }
  return chain;
}

/** A menu title as a name qualifier, without what the description already says ("(AUX 1)"). */
function qualifier(title: string, description: string): string {
  const trimmed = title.replace(/\s*\([^)]*\)/g, (group) => (description.includes(group.trim()) ? '' : group));
  return snakeCase(trimmed);
}

const allUnique = (names: readonly string[]): boolean => new Set(names).size === names.length;

/**
 * Qualifiers without the leading and trailing words they all share: sibling menus "Contact
 * active according to battery voltage" and "… to SOC" qualify as BATTERY_VOLTAGE and SOC.
 */
function withoutCommonWords(qualifiers: readonly string[]): string[] {
  const words = qualifiers.map((q) => (q === '' ? [] : q.split('_')));
  const shortest = Math.min(...words.map((w) => w.length));
  let head = 0;
  while (head < shortest && words.every((w) => w[head] === words[0]![head])) head++;
  let tail = 0;
  while (tail < shortest - head && words.every((w) => w[w.length - 1 - tail] === words[0]![words[0]!.length - 1 - tail])) tail++;
  return words.map((w) => w.slice(head, w.length - tail).join('_'));
}

/**
 * Names for a group of datapoints of one family with the same description: the smallest single
 * menu level that tells them all apart, else the nearest levels together, else the number.
 */
function nameGroup(base: string, group: readonly DatapointRecord[], menus: readonly MenuRecord[]): string[] {
  const chains = group.map((dp) => menuChain(dp, menus).map((title) => qualifier(title, dp.description)));
  const depth = Math.max(...chains.map((c) => c.length));
  const withQualifier = (q: string): string => (q === '' ? base : `${base}_${q}`);
  for (let level = 0; level < depth; level++) {
    const qualifiers = chains.map((chain) => chain[level] ?? '');
    const short = withoutCommonWords(qualifiers).map(withQualifier);
    if (allUnique(short)) return short;
    const names = qualifiers.map(withQualifier);
    if (allUnique(names)) return names;
  }
  for (let levels = 2; levels <= depth; levels++) {
    const names = chains.map((chain) => withQualifier(chain.slice(0, levels).reverse().join('_')));
    if (allUnique(names)) return names;
  }
  return group.map((dp) => `${base}_${dp.id}`);
}

/** The names the rules give every datapoint, ignoring what was published before. */
function idealNames(data: AppendixData): Map<string, string> {
  const groups = new Map<string, DatapointRecord[]>();
  for (const dp of data.datapoints) {
    const base = `${FAMILY_PREFIX[dp.family]}_${snakeCase(dp.description)}`;
    groups.set(base, [...(groups.get(base) ?? []), dp]);
  }
  const names = new Map<string, string>();
  for (const [base, group] of groups) {
    const groupNames = group.length === 1 ? [base] : nameGroup(base, group, data.menus);
    group.forEach((dp, index) => names.set(keyOf(dp), groupNames[index]!));
  }
  return names;
}

/** The result of naming: the name of every datapoint, and the names file to write back. */
export interface Naming {
  /** The name of each datapoint, by `family/id`. */
  readonly names: ReadonlyMap<string, string>;
  /** The names file, published names kept, new ones added. */
  readonly file: NamesFile;
  /** Published names whose datapoint the appendix no longer lists (kept, never reused). */
  readonly orphans: readonly string[];
}

/**
 * Names every datapoint: a published name is kept; a new datapoint gets its rule name, or its
 * rule name and number when that name is taken (by a published name, or by an xcom-proto alias
 * of another datapoint). `aliases` maps each alias to the `family/id` it stands for.
 */
export function nameDatapoints(data: AppendixData, published: NamesFile | undefined, aliases: ReadonlyMap<string, string>): Naming {
  const ideal = idealNames(data);
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const family of Object.keys(FAMILY_PREFIX) as Family[]) {
    for (const name of Object.values(published?.[family] ?? {})) taken.add(name);
  }
  for (const dp of data.datapoints) {
    const old = published?.[dp.family]?.[String(dp.id)];
    if (old !== undefined) names.set(keyOf(dp), old);
  }
  for (const dp of data.datapoints) {
    if (names.has(keyOf(dp))) continue;
    let name = ideal.get(keyOf(dp))!;
    const isTaken = (n: string): boolean => taken.has(n) || (aliases.has(n) && aliases.get(n) !== keyOf(dp));
    if (isTaken(name)) name = `${name}_${dp.id}`;
    if (isTaken(name)) throw new Error(`no free name for ${keyOf(dp)} (${name})`);
    taken.add(name);
    names.set(keyOf(dp), name);
  }
  const file = Object.fromEntries((Object.keys(FAMILY_PREFIX) as Family[]).map((f) => [f, { ...(published?.[f] ?? {}) }])) as NamesFile;
  for (const dp of data.datapoints) file[dp.family][String(dp.id)] = names.get(keyOf(dp))!;
  const live = new Set(names.values());
  const orphans = (Object.keys(file) as Family[]).flatMap((f) => Object.values(file[f]).filter((n) => !live.has(n)));
  return { names, file, orphans };
}

/** The names file with one name per line, numbers in ascending order within each family. */
export function serialiseNames(file: NamesFile): string {
  const families = (Object.keys(FAMILY_PREFIX) as Family[]).map((family) => {
    const entries = Object.entries(file[family])
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([id, name]) => `    ${JSON.stringify(id)}: ${JSON.stringify(name)}`);
    return `  ${JSON.stringify(family)}: {${entries.length === 0 ? '' : `\n${entries.join(',\n')}\n  `}}`;
  });
  return `{\n${families.join(',\n')}\n}\n`;
}
