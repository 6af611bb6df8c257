#!/usr/bin/env bash
# Checks the built API docs (after `npm run docs`): no page over 300 KiB, and, in headless
# Chromium once the pages' scripts have run, the entry page shows the README's first heading
# and the XcomClient page lists getValue (typedoc hides a page's body until its script runs,
# and builds the navigation then). Usage: bash .ci/docs-check.sh [docs-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${1:-docs}

node scripts/check-doc-sizes.mjs "$docs"

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  [ "${CI:-}" = "true" ] && { echo "chromium is required (Debian package chromium)" >&2; exit 1; }
  echo "docs-check: chromium not found, the browser checks are skipped (CI runs them)"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# --virtual-time-budget lets the page's timers and scripts run before the DOM is dumped.
# Bounded: a headless Chromium that never ends its dump is killed with its helpers (timeout
# signals its own process group).
dump() {
  timeout --kill-after=5 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$work/profile" \
    --virtual-time-budget=10000 --dump-dom "file://$PWD/$docs/$1" 2>/dev/null > "$work/$2"
}
dump index.html index.html
dump classes/xcom-ts.XcomClient.html client.html

node --input-type=module - "$work/index.html" "$work/client.html" README.md <<'NODE'
import { readFileSync } from 'node:fs';
const [indexFile, clientFile, readme] = process.argv.slice(2);
const text = (html) => html.replace(/<wbr\s*\/?>/g, '').replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim();
const headings = (html) => [...html.matchAll(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>/g)].map((m) => text(m[2]));
const failures = [];
function check(page, html, what, ok) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${page}: ${what}`);
  if (!ok) failures.push(`${page}: ${what}`);
}
function scriptsRan(page, html) {
  const body = /<body([^>]*)>/.exec(html)?.[1] ?? '';
  check(page, html, 'the body is shown (its script ran)', html.length > 0 && !/display:\s*none/.test(body));
  check(page, html, 'the navigation was built', /id="tsd-nav-container"[^>]*>\s*<li/.test(html));
}

const index = readFileSync(indexFile, 'utf8');
const first = /^#\s+(.+)$/m.exec(readFileSync(readme, 'utf8'))?.[1]?.replace(/`/g, '').trim();
scriptsRan('index.html', index);
check('index.html', index, `shows the README's first heading "${first}"`, first !== undefined && /class="tsd-panel tsd-typography"/.test(index) && headings(index).includes(first));

const client = readFileSync(clientFile, 'utf8');
scriptsRan('XcomClient', client);
const members = [...client.matchAll(/<h3 class="tsd-anchor-link"[^>]*>([\s\S]*?)<\/h3>/g)].map((m) => text(m[1]).replace(/Permalink$/, '').trim());
check('XcomClient', client, 'lists getValue among its methods', members.includes('getValue'));
check('XcomClient', client, 'shows no inherited EventEmitter member', !members.some((m) => /^(addListener|prependListener|setMaxListeners|rawListeners)$/.test(m)));
if (failures.length > 0) process.exit(1);
NODE
