/**
 * `npm run catalogue [-- path/to/appendix.pdf]`: reads Studer's appendix PDF into
 * `catalogue/appendix-<version>.json`, names every datapoint (`catalogue/names.json`), and
 * generates `src/catalogue/*.generated.ts`. Without the PDF (or with `--from-json`) it
 * regenerates the TypeScript from the committed data file alone.
 * @module
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serialiseAppendix, type AppendixData } from './appendix-data.js';
import { readSections } from './appendix-sections.js';
import { generateFiles, type AliasRecord } from './generate.js';
import { keyOf, nameDatapoints, serialiseNames, type NamesFile } from './names.js';
import { parseAppendix } from './parse-appendix.js';
import { readPdfWords } from './pdf-words.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const catalogueDir = join(root, 'catalogue');
const DEFAULT_PDF = join(root, '../shared/reference/xtender-serial-protocol-appendix-V1.6.42.pdf');

/** Writes `content` to `path` only when it changed, and says so. */
function write(path: string, content: string): void {
  const old = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (old === content) return;
  writeFileSync(path, content);
  console.log(`wrote ${relative(root, path)}`);
}

/** The version part of a data file name: "V1.6.42 (R704)" → "1.6.42". */
function dataFileName(data: AppendixData): string {
  const version = /V?(\d+(?:\.\d+)+)/.exec(data.source.version)?.[1];
  if (version === undefined) throw new Error(`cannot read a version in "${data.source.version}"`);
  return `appendix-${version}.json`;
}

/** The committed data file, when the PDF is not at hand (there must be exactly one). */
function committedDataFile(): string {
  const files = readdirSync(catalogueDir).filter((f) => /^appendix-.*\.json$/.test(f));
  if (files.length !== 1) throw new Error(`expected one catalogue/appendix-*.json, found ${files.length}`);
  return join(catalogueDir, files[0]!);
}

function main(): void {
  const args = process.argv.slice(2);
  const fromJson = args.includes('--from-json');
  const pdf = resolve(args.find((a) => !a.startsWith('--')) ?? process.env['XCOM_APPENDIX_PDF'] ?? DEFAULT_PDF);
  let data: AppendixData;
  let dataPath: string;
  if (!fromJson && existsSync(pdf)) {
    const words = readPdfWords(pdf);
    data = parseAppendix(words, readSections(words), pdf.split('/').at(-1)!);
    dataPath = join(catalogueDir, dataFileName(data));
    write(dataPath, serialiseAppendix(data));
  } else {
    if (!fromJson) console.log(`${relative(root, pdf)} not found: generating from the committed data file alone`);
    dataPath = committedDataFile();
    data = JSON.parse(readFileSync(dataPath, 'utf8')) as AppendixData;
  }

  const aliases = JSON.parse(readFileSync(join(catalogueDir, 'xcom-proto-aliases.json'), 'utf8')) as AliasRecord[];
  const namesPath = join(catalogueDir, 'names.json');
  const published = existsSync(namesPath) ? (JSON.parse(readFileSync(namesPath, 'utf8')) as NamesFile) : undefined;
  const naming = nameDatapoints(data, published, new Map(aliases.map((a) => [a.alias, keyOf(a)])));
  write(namesPath, serialiseNames(naming.file));
  for (const orphan of naming.orphans) console.log(`note: ${orphan} names no datapoint of this appendix (kept in names.json)`);

  const files = generateFiles({ data, names: naming.names, aliases, dataFile: relative(root, dataPath) });
  for (const [path, content] of files) write(join(root, path), content);

  const count = (kind: string): number => data.datapoints.filter((d) => d.kind === kind).length;
  console.log(
    `${data.source.version}: ${count('parameter')} parameters, ${count('info')} infos, ${data.menus.length} menu rows, ` +
      `${data.messages.length} messages, ${data.overlay120V.length} 120 Vac entries`,
  );
}

main();
