#!/usr/bin/env bash
# Pack smoke test: what `npm install xcom-ts` gives a user works, from the tarball alone.
# Usage: bash .ci/pack-smoke.sh   (it deletes dist/: `npm pack` must build it, as from a fresh clone)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
# The scripts that start servers (the simulator, mosquitto, an exporter) stop them on every
# exit of their own; `bounded` kills one that hangs, with everything it started (timeout
# signals its own process group). A background job of this script, were one added, is killed
# on any exit too.
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
bounded() { timeout --kill-after=5 180 "$@"; }

echo "--- pack without dist/ (prepack builds it)"
rm -rf dist
tarball=$(npm pack --silent --pack-destination "$work" | tail -1)
tgz="$work/$tarball"
[ -f "$tgz" ] || { echo "npm pack made no tarball (got: $tarball)" >&2; exit 1; }
node -e '
  const { execSync } = require("child_process");
  const [info] = JSON.parse(execSync("npm pack --dry-run --json --silent --ignore-scripts", { encoding: "utf8" }));
  const bad = info.files.map((f) => f.path).filter((p) => !/^(dist\/|README\.md$|LICENSE$|CHANGELOG\.md$|package\.json$)/.test(p) || /\.map$/.test(p));
  console.log(`tarball: ${info.filename}, ${(info.size / 1024).toFixed(1)} kB packed, ${(info.unpackedSize / 1024).toFixed(1)} kB unpacked, ${info.entryCount} files`);
  for (const f of info.files) console.log(`  ${String(f.size).padStart(8)}  ${f.path}`);
  if (bad.length > 0) { console.error("unexpected files in the tarball:", bad); process.exit(1); }
  const entries = ["index", "protocol", "simulator", "metrics", "mqtt"].flatMap((e) => [`dist/${e}.js`, `dist/${e}.cjs`, `dist/${e}.d.ts`, `dist/${e}.d.cts`]);
  const missing = entries.filter((e) => !info.files.some((f) => f.path === e));
  if (missing.length > 0) { console.error("entry files missing from the tarball:", missing); process.exit(1); }
'
# Nothing marked @internal ships: the declarations are built with stripInternal.
if tar -xzOf "$tgz" --wildcards 'package/dist/*.d.ts' 'package/dist/*.d.cts' | grep -n '@internal'; then
  echo "the shipped declarations mention @internal" >&2
  exit 1
fi

install() { # $1: folder, $2…: extra npm flags
  local dir=$1; shift
  mkdir -p "$dir"
  cp .ci/pack-smoke/*.mjs .ci/pack-smoke/*.cjs .ci/pack-smoke/*.mts .ci/pack-smoke/tsconfig.json "$dir"/
  (cd "$dir" && printf '{ "name": "consumer", "private": true, "type": "module" }\n' > package.json \
    && npm install --no-audit --no-fund --no-package-lock --silent "$@" "$tgz")
}

echo "--- install the tarball into a fresh project (no dev dependencies)"
install "$work/app" --omit=dev
cd "$work/app"
[ ! -e node_modules/vitest ] || { echo "dev dependencies were installed" >&2; exit 1; }

echo "--- ESM import"
node esm.mjs
echo "--- CJS require"
node cjs.cjs
# The consumer type-checks the shipped declarations too (skipLibCheck false), against the
# oldest @types/node major the engines allow and the newest one: each changed EventEmitter's
# typing once. Exact versions, so a new release cannot turn the smoke test red overnight;
# bump the second when a new major is out.
types_node_versions=(20.19.43 26.6.11)
for version in "${types_node_versions[@]}"; do
  echo "--- TypeScript consumer (await using, typed getValue, a transport wrapper), skipLibCheck false, @types/node $version"
  types="$work/types-node-$version"
  mkdir -p "$types"
  (cd "$types" && printf '{ "name": "types", "private": true }\n' > package.json \
    && npm install --no-audit --no-fund --no-package-lock --silent "@types/node@$version")
  installed=$(node -p 'require(process.argv[1]).version' "$types/node_modules/@types/node/package.json")
  [ "$installed" = "$version" ] || { echo "installed @types/node $installed, not $version" >&2; exit 1; }
  node "$root/node_modules/typescript/bin/tsc" -p tsconfig.json --typeRoots "$types/node_modules/@types"
done
echo "--- the xcom bin"
./node_modules/.bin/xcom version
./node_modules/.bin/xcom --help >/dev/null

echo "--- xcom-ts/metrics without prom-client (an optional peer dependency): MODULE_MISSING"
[ ! -e node_modules/prom-client ] || { echo "prom-client was installed" >&2; exit 1; }
node no-prom-client.mjs
set +e
out=$(bounded ./node_modules/.bin/xcom metrics --url udp://127.0.0.1:4002 --listen 127.0.0.1:0 2>&1)
code=$?
set -e
if [ "$code" != 1 ] || ! grep -q 'MODULE_MISSING.*npm install prom-client' <<<"$out"; then
  echo "xcom metrics without prom-client: exit $code: $out" >&2
  exit 1
fi
echo "xcom metrics without prom-client: exit 1: $out"
echo "--- with prom-client: a scrape of the simulator"
npm install --no-audit --no-fund --no-package-lock --silent prom-client@15
bounded node metrics.mjs

echo "--- without the optional peer mqtt"
[ ! -e node_modules/mqtt ] || { echo "mqtt was installed with xcom-ts" >&2; exit 1; }
node no-mqtt.mjs
set +e
out=$(bounded ./node_modules/.bin/xcom mqtt --url udp://127.0.0.1:4002 --broker mqtt://127.0.0.1:1883 --site smoke 2>&1)
code=$?
set -e
if [ "$code" != 1 ] || ! grep -q 'MODULE_MISSING.*npm install mqtt' <<<"$out"; then
  echo "xcom mqtt without mqtt: exit $code: $out" >&2
  exit 1
fi
echo "xcom mqtt without mqtt: exit 1: $out"

echo "--- with mqtt: the bridge on the simulator and mosquitto"
cd "$root"
install "$work/with-mqtt" --omit=dev --omit=optional mqtt@5
cd "$work/with-mqtt"
bounded node mqtt-bridge.mjs

echo "--- without the optional serialport"
cd "$root"
install "$work/bare" --omit=dev --omit=optional
cd "$work/bare"
[ ! -e node_modules/serialport ] || { echo "serialport was installed" >&2; exit 1; }
node no-serialport.mjs

echo "pack smoke test: ok"
