/**
 * Writes the catalogue's reference pages for typedoc (`npm run docs` runs it first): one
 * Markdown table per device family and a page of the xcom-proto aliases, instead of a page
 * section per `XcomP` name (1,262 of them made a 3 MB page). Usage: tsx scripts/docs/catalogue-pages.ts [out-dir]
 * @module
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  APPENDIX_VERSION,
  type Datapoint,
  datapointsOf,
  FAMILIES,
  type Family,
  XCOM_PROTO_ALIASES,
  XcomP,
} from '../../src/index.js';

const out = process.argv[2] ?? '.cache/docs-pages';

/** The order of the pages, and of the family links on the overview. */
const ORDER: readonly Family[] = ['xtender', 'variotrack', 'variostring', 'bsp', 'bms', 'rcc'];

/** A table cell: pipes and line breaks would end the cell or the row. */
function cell(text: string | number | undefined): string {
  return String(text ?? '').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function fileOf(family: Family): string {
  return `datapoints-${family}.md`;
}

function titleOf(family: Family): string {
  return `${FAMILIES[family].label} datapoints`;
}

function range(dp: Datapoint): string {
  if (dp.signal === true) return 'signal';
  if (dp.min === undefined && dp.max === undefined) return '';
  return `${dp.min ?? ''} to ${dp.max ?? ''}${dp.increment !== undefined ? `, step ${dp.increment}` : ''}`;
}

function values(dp: Datapoint): string {
  const labels = (dp.labels ?? []).map((l) => `${l.value} ${l.label}`).join(', ');
  if (labels === '') return '';
  return dp.longEnumMode === 'bit-field' ? `Bits: ${labels}` : `Values: ${labels}`;
}

/** The name, then the description, then the labels (the table stays narrow enough for the page). */
function nameCell(dp: Datapoint): string {
  const labels = values(dp);
  return `\`${dp.name}\`<br>${cell(dp.description)}${labels === '' ? '' : `<br>${cell(labels)}`}`;
}

function formatCell(dp: Datapoint): string {
  const format = dp.notSupported === true ? `${dp.format}, not supported over Scom` : dp.format;
  return cell(dp.unit === '' ? format : `${format} (${dp.unit})`);
}

function frontmatter(title: string, children: readonly string[] = []): string {
  const childLines = children.length === 0 ? [] : ['children:', ...children.map((c) => `  - ./${c}`)];
  return ['---', `title: ${title}`, ...childLines, '---', ''].join('\n');
}

function familyPage(family: Family): string {
  const all = datapointsOf(family);
  const infos = all.filter((dp) => dp.kind === 'info');
  const parameters = all.filter((dp) => dp.kind === 'parameter');
  const lines = [
    frontmatter(titleOf(family)),
    `# ${titleOf(family)}`,
    '',
    `The ${all.length} datapoints of the ${FAMILIES[family].label} family in Studer's appendix ${APPENDIX_VERSION}: ` +
      `${infos.length} user infos (read at ${FAMILIES[family].readAddress}) and ${parameters.length} parameters ` +
      `(written to ${FAMILIES[family].writeAddress} by default). Each is \`XcomP.NAME\`, a \`Datapoint\` typed by its format; ` +
      'your editor shows the same details on hover. Back to [the catalogue](datapoints.md).',
    '',
  ];
  if (infos.length > 0) {
    lines.push('## User infos', '', '| Number | Name and description | Format |', '|---:|---|---|');
    for (const dp of infos) lines.push(`| ${dp.id} | ${nameCell(dp)} | ${formatCell(dp)} |`);
    lines.push('');
  }
  if (parameters.length > 0) {
    lines.push('## Parameters', '', '| Number | Name and description | Format | Default | Range | Level |', '|---:|---|---|---:|---|---|');
    for (const dp of parameters) {
      const fallback = dp.signal === true ? '' : dp.default;
      lines.push(`| ${dp.id} | ${nameCell(dp)} | ${formatCell(dp)} | ${cell(fallback)} | ${cell(range(dp))} | ${cell(dp.level)} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

function overviewPage(): string {
  const lines = [
    frontmatter('Datapoints', ORDER.map(fileOf)),
    '# Datapoints',
    '',
    `\`XcomP\` names every user info and parameter of Studer's appendix ${APPENDIX_VERSION}, ` +
      'by family prefix (`XT_`, `VT_`, `VS_`, `BSP_`, `BMS_`, `RCC_`) and description. One table per family:',
    '',
    ...ORDER.map((family) => `- [${titleOf(family)}](${fileOf(family)}) (${datapointsOf(family).length})`),
    '',
    '## The names of xcom-proto',
    '',
    'The 45 names the Python package `xcom-proto` uses are aliases of the same objects (`XcomP.BATT_SOC === XcomP.BSP_STATE_OF_CHARGE`).',
    '',
    '| Alias | Stands for | Number | Unit |',
    '|---|---|---:|---|',
  ];
  const points = XcomP as unknown as Record<string, Datapoint>;
  for (const [alias, name] of Object.entries(XCOM_PROTO_ALIASES)) {
    const dp = points[name];
    if (dp === undefined) throw new Error(`alias ${alias} names ${name}, which XcomP lacks`);
    lines.push(`| \`${alias}\` | \`${name}\` | ${dp.id} | ${cell(dp.unit)} |`);
  }
  lines.push('');
  return lines.join('\n');
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'datapoints.md'), overviewPage());
for (const family of ORDER) writeFileSync(join(out, fileOf(family)), familyPage(family));
