// The public surface of each entry point against the committed list in api-surface.json, so
// that adding, moving or removing an export is a deliberate change (and its docs category is
// chosen with it: scripts/docs/typedoc-plugin.mjs reads the same file).
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** Each entry point of package.json's `exports` and the source it is built from. */
const ENTRIES: Record<string, string> = {
  'xcom-ts': 'src/index.ts',
  'xcom-ts/protocol': 'src/protocol-entry.ts',
  'xcom-ts/simulator': 'src/simulator/index.ts',
  'xcom-ts/metrics': 'src/metrics/index.ts',
  'xcom-ts/mqtt': 'src/mqtt/index.ts',
};
/** The entries as the package's code, for their run-time (value) exports. */
const LOAD: Record<string, () => Promise<object>> = {
  'xcom-ts': () => import('../../src/index.js'),
  'xcom-ts/protocol': () => import('../../src/protocol-entry.js'),
  'xcom-ts/simulator': () => import('../../src/simulator/index.js'),
  'xcom-ts/metrics': () => import('../../src/metrics/index.js'),
  'xcom-ts/mqtt': () => import('../../src/mqtt/index.js'),
};
const CATEGORIES = ['Client', 'Installation', 'Bridges', 'Catalogue', 'Transports', 'Errors', 'Protocol', 'Simulator'];

type Surface = Record<string, Record<string, string[]>>;
const surface = JSON.parse(readFileSync('api-surface.json', 'utf8')) as Surface;

/** Every name an entry exports (values and types), with the declaration it stands for. */
function exportsOf(program: ts.Program, file: string): Map<string, ts.Symbol> {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (moduleSymbol === undefined) throw new Error(`${file} is not a module`);
  const out = new Map<string, ts.Symbol>();
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    out.set(symbol.name, symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
  }
  return out;
}

const program = ts.createProgram(Object.values(ENTRIES), {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  types: ['node'],
  noEmit: true,
  skipLibCheck: true,
});

describe('public surface (api-surface.json)', () => {
  it('names every entry point of package.json, and only those', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, unknown> };
    const fromPackage = Object.keys(pkg.exports).filter((k) => k !== './package.json').map((k) => k.replace(/^\./, 'xcom-ts'));
    expect(fromPackage.sort()).toEqual(Object.keys(ENTRIES).sort());
    expect(Object.keys(surface).sort()).toEqual(Object.keys(ENTRIES).sort());
    expect(Object.keys(LOAD).sort()).toEqual(Object.keys(ENTRIES).sort());
  });

  it('files each name once per entry, under a known category', () => {
    for (const [entry, categories] of Object.entries(surface)) {
      const names = Object.values(categories).flat().map((n) => n.replace(/^type /, ''));
      expect(Object.keys(categories).filter((c) => !CATEGORIES.includes(c)), `${entry}: unknown categories`).toEqual([]);
      expect(names.filter((n, i) => names.indexOf(n) !== i), `${entry}: listed twice`).toEqual([]);
    }
  });

  for (const [entry, file] of Object.entries(ENTRIES)) {
    // The first imports the whole library: 6 s with coverage on a loaded machine (CI runs the
    // suites side by side on two cores), a third of the suite's 20 s; a minute is honest.
    it(`${entry} exports exactly the listed values and types`, { timeout: 60_000 }, async () => {
      const load = LOAD[entry];
      if (load === undefined) throw new Error(`no loader for ${entry}`);
      const runtime = new Set(Object.keys(await load()));
      const actual = [...exportsOf(program, file).keys()].map((name) => (runtime.has(name) ? name : `type ${name}`)).sort();
      const listed = Object.values(surface[entry] ?? {}).flat().sort();
      const added = actual.filter((n) => !listed.includes(n));
      const removed = listed.filter((n) => !actual.includes(n));
      // A new export fails here: add it to api-surface.json under `entry` and its category
      // (`type Name` for a type-only export), and say so in the CHANGELOG.
      expect({ entry, added, removed }).toEqual({ entry, added: [], removed: [] });
    });
  }

  it('exports nothing marked @internal', () => {
    const internal: string[] = [];
    for (const [entry, file] of Object.entries(ENTRIES)) {
      for (const [name, symbol] of exportsOf(program, file)) {
        const tagged = (symbol.declarations ?? []).some((d) => ts.getJSDocTags(d).some((t) => t.tagName.text === 'internal'));
        if (tagged) internal.push(`${entry}: ${name}`);
      }
    }
    expect(internal).toEqual([]);
  });
});
