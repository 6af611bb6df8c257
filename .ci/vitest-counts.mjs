// Reads vitest JSON reports and prints one line "N passed, N failed" for all of them together.
// Exits 1 when a report is missing, ran no test, or counts a failure (a failed file included).
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let ok = true;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    failed += 1;
    ok = false;
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  const brokenFiles = (r.numFailedTestSuites ?? 0) + (r.numRuntimeErrorTestSuites ?? 0);
  if (r.numTotalTests === 0 || r.numFailedTests > 0 || brokenFiles > 0 || r.success === false) ok = false;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(ok ? 0 : 1);
