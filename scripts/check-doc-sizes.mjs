// Fails when a page of the built API docs is over 300 KiB: a page that size (the 1,307-member
// XcomPoints page was 3 MB) is slow to load and useless to read. Prints the largest pages.
// Usage: node scripts/check-doc-sizes.mjs [docs-dir]
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const LIMIT = 300 * 1024;
const root = process.argv[2] ?? 'docs';

const pages = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.html'))
  .map((file) => ({ file: relative(root, join(root, file)), size: statSync(join(root, file)).size }))
  .sort((a, b) => b.size - a.size);
if (pages.length === 0) {
  console.error(`no .html pages under ${root}: run npm run docs first`);
  process.exit(1);
}
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const total = pages.reduce((sum, p) => sum + p.size, 0);
console.log(`${pages.length} pages, ${kib(total)} in all; the largest (limit ${kib(LIMIT)}):`);
for (const page of pages.slice(0, 5)) console.log(`  ${kib(page.size).padStart(10)}  ${page.file}`);
const over = pages.filter((p) => p.size > LIMIT);
if (over.length > 0) {
  console.error(`pages over ${kib(LIMIT)}: ${over.map((p) => `${p.file} (${kib(p.size)})`).join(', ')}`);
  process.exit(1);
}
