// Extracts the ```ts blocks of the doc comments under src/ and type-checks them as a user's
// modules would be: `xcom-ts` and its subpath entries (`/protocol`, `/simulator`, `/metrics`) mapped to the sources.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** One ```ts block of a doc comment. */
export interface DocExample {
  /** `src/file.ts:line` of the block's first code line. */
  readonly where: string;
  readonly code: string;
}

const ROOT = resolve(import.meta.dirname, '../..');
const ENTRIES: Record<string, string> = {
  'xcom-ts': 'src/index.ts',
  'xcom-ts/protocol': 'src/protocol-entry.ts',
  'xcom-ts/simulator': 'src/simulator/index.ts',
  'xcom-ts/metrics': 'src/metrics/index.ts',
  'xcom-ts/mqtt': 'src/mqtt/index.ts',
};

/**
 * What a fragment may use without declaring it: a client and a simulator that the example's
 * reader is assumed to have, as the README's examples do.
 */
const PRELUDE = `
declare const xcom: import('xcom-ts').XcomClient;
declare const sim: import('xcom-ts/simulator').Simulator;
`;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
    .sort();
}

/** Every ```ts block inside a `/** … *\/` comment of the files under `dir`. */
export function docExamples(dir = 'src'): DocExample[] {
  const out: DocExample[] = [];
  for (const file of sourceFiles(dir)) {
    const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
    let start = -1;
    let code: string[] = [];
    lines.forEach((line, i) => {
      const fence = /^\s*\*\s?```(\w*)\s*$/.exec(line);
      if (start < 0 && fence?.[1] === 'ts') {
        start = i + 1;
        code = [];
      } else if (start >= 0 && fence !== null) {
        out.push({ where: `${file}:${start + 1}`, code: code.join('\n') });
        start = -1;
      } else if (start >= 0) {
        code.push(line.replace(/^\s*\* ?/, ''));
      }
    });
  }
  return out;
}

/**
 * The entry each exported name is imported from: the first that exports it, preferring one
 * that exports it as a value (the main entry exports `FrameDecoder` as a type only).
 */
function entryExports(program: ts.Program): Map<string, string> {
  const checker = program.getTypeChecker();
  const values = new Map<string, string>();
  const types = new Map<string, string>();
  for (const [entry, file] of Object.entries(ENTRIES)) {
    const source = program.getSourceFile(join(ROOT, file));
    const symbol = source && checker.getSymbolAtLocation(source);
    if (symbol === undefined) throw new Error(`${file} is not a module`);
    for (const exported of checker.getExportsOfModule(symbol)) {
      const typeOnly = (exported.declarations ?? []).some((d) => ts.isTypeOnlyImportOrExportDeclaration(d));
      const home = typeOnly ? types : values;
      if (!home.has(exported.name)) home.set(exported.name, entry);
    }
  }
  return new Map([...types, ...values]);
}

/**
 * The example as a module: the names it uses from the package but does not import are
 * imported (a fragment such as `labelOf(XcomP.VT_OPERATING_MODE, 3)` compiles as it reads).
 */
function asModule(code: string, home: ReadonlyMap<string, string>): string {
  const source = ts.createSourceFile('example.ts', code, ts.ScriptTarget.ES2022, true);
  const declared = new Set<string>();
  const used = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isImportSpecifier(node) || ts.isNamespaceImport(node) || ts.isImportClause(node)) {
      if (node.name) declared.add(node.name.text);
    } else if ((ts.isVariableDeclaration(node) || ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isParameter(node)) && node.name && ts.isIdentifier(node.name)) {
      declared.add(node.name.text);
    } else if (ts.isIdentifier(node)) {
      const parent = node.parent;
      const isMemberName = (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node);
      if (!isMemberName) used.add(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  const imports = new Map<string, string[]>();
  for (const name of used) {
    const entry = home.get(name);
    if (entry !== undefined && !declared.has(name)) imports.set(entry, [...(imports.get(entry) ?? []), name]);
  }
  const header = [...imports].map(([entry, names]) => `import { ${names.sort().join(', ')} } from '${entry}';`);
  return [...header, code, 'export {};', ''].join('\n');
}

/** Type-checks `examples`; returns one message per error, located in the doc comment. */
export function checkDocExamples(examples: readonly DocExample[], workDir = join(ROOT, '.cache/doc-examples')): string[] {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts', 'lib.esnext.disposable.d.ts'],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: ['node'],
    typeRoots: [join(ROOT, 'node_modules/@types')],
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    skipLibCheck: true,
    noEmit: true,
    allowImportingTsExtensions: false,
    paths: Object.fromEntries(Object.entries(ENTRIES).map(([entry, file]) => [entry, [join(ROOT, file)]])),
  };
  const entries = Object.values(ENTRIES).map((f) => join(ROOT, f));
  const home = entryExports(ts.createProgram(entries, options));
  writeFileSync(join(workDir, 'prelude.d.ts'), PRELUDE);
  const files = examples.map((example, i) => {
    const file = join(workDir, `example-${String(i).padStart(3, '0')}.ts`);
    const text = asModule(example.code, home);
    writeFileSync(file, text);
    return { file, example, offset: text.split('\n').indexOf(example.code.split('\n')[0] ?? '') };
  });
  const program = ts.createProgram([join(workDir, 'prelude.d.ts'), ...files.map((f) => f.file)], options);
  const errors: string[] = [];
  for (const { file, example, offset } of files) {
    const source = program.getSourceFile(file);
    if (source === undefined) throw new Error(`${file} was not compiled`);
    for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
      const line = d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line - offset;
      const [path, first] = example.where.split(':');
      errors.push(`${path}:${Number(first) + line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    }
  }
  return errors;
}
