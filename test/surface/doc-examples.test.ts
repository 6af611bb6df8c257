// Every public method of XcomClient and every transport shows an example in its doc comment,
// and every ```ts example of the doc comments compiles against the sources, as a user's code.
import { readdirSync, readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { checkDocExamples, docExamples } from './doc-examples.js';

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
}

function hasExample(node: ts.Node): boolean {
  return ts.getJSDocTags(node).some((tag) => tag.tagName.text === 'example');
}

function isPublic(member: ts.ClassElement): boolean {
  const modifiers = ts.canHaveModifiers(member) ? (ts.getModifiers(member) ?? []) : [];
  return !modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword) && !ts.isPrivateIdentifier(member.name ?? member);
}

/** The exported classes and functions of `file` whose name matches `pattern`. */
function declarationsIn(file: string, pattern: RegExp): (ts.ClassDeclaration | ts.FunctionDeclaration)[] {
  return parse(file).statements.filter(
    (s): s is ts.ClassDeclaration | ts.FunctionDeclaration =>
      (ts.isClassDeclaration(s) || ts.isFunctionDeclaration(s)) &&
      s.name !== undefined &&
      pattern.test(s.name.text) &&
      (ts.getModifiers(s) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword),
  );
}

describe('examples in the doc comments', () => {
  it('every public method of XcomClient has one', () => {
    const [client] = declarationsIn('src/client/xcom-client.ts', /^XcomClient$/);
    if (client === undefined || !ts.isClassDeclaration(client)) throw new Error('XcomClient not found');
    const methods = client.members.filter((m) => ts.isMethodDeclaration(m) && isPublic(m));
    const names = methods.map((m) => m.name?.getText() ?? '?');
    expect(names).toContain('getValue');
    expect(names.filter((_, i) => !hasExample(methods[i] as ts.MethodDeclaration))).toEqual([]);
  });

  it('every transport has one', () => {
    // The transports of the public surface: its classes named *Transport, and openTransport.
    const surface = JSON.parse(readFileSync('api-surface.json', 'utf8')) as Record<string, Record<string, string[]>>;
    const listed = (surface['xcom-ts']?.['Transports'] ?? []).filter((n) => /^(\w+Transport|openTransport)$/.test(n));
    const files = readdirSync('src/transport').filter((f) => f.endsWith('.ts'));
    const transports = files.flatMap((f) => declarationsIn(`src/transport/${f}`, /Transport$/)).filter((t) => listed.includes(t.name?.text ?? ''));
    expect(transports.map((t) => t.name?.text).sort()).toEqual([...listed].sort());
    expect(listed).toEqual(expect.arrayContaining(['UdpTransport', 'TcpServerTransport', 'TcpClientTransport', 'SerialTransport', 'MemoryTransport', 'openTransport']));
    expect(transports.filter((t) => !hasExample(t)).map((t) => t.name?.text)).toEqual([]);
  });

  // One TypeScript program over the sources and every example, type-checked: CPU alone, about
  // 5 s on an idle core but over 15 s on a loaded machine (CI runs the suites side by side on
  // two cores), hence a minute rather than the suite's 20 s.
  it('every ```ts example compiles', { timeout: 60_000 }, () => {
    const examples = docExamples('src');
    expect(examples.length).toBeGreaterThan(50);
    expect(checkDocExamples(examples)).toEqual([]);
  });
});
