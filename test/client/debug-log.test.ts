// NODE_DEBUG=xcom prints every frame sent, received and dropped, in hex (Node reads NODE_DEBUG
// at start-up, hence a child process).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT as root, run } from '../examples/run.js';

it('NODE_DEBUG=xcom logs frames in hex, with the reason a frame was dropped', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'xcom-debug-'));
  try {
    const script = join(dir, 'debug.mts');
    writeFileSync(
      script,
      `import { XcomClient, XcomP, MemoryTransport } from '${join(root, 'src/index.ts')}';
import { Simulator } from '${join(root, 'src/simulator/index.ts')}';
const [a, b] = MemoryTransport.pair();
const sim = await new Simulator({ transports: [b] }).start();
sim.endpoint('transport-1').faults.next('foreign');
const xcom = new XcomClient(a);
await xcom.getValue(XcomP.XT_BATTERY_VOLTAGE);
await xcom.close();
await sim.close();
`,
    );
    // tsx runs node: run() kills both at its deadline.
    const { code, stderr } = await run(join(root, 'node_modules/.bin/tsx'), [script], { env: { NODE_DEBUG: 'xcom' } });
    expect(code).toBe(0);
    expect(stderr).toMatch(/XCOM \d+: send aa 00 01 00 00 00 65 00 00 00 0a 00 6f 71 00 01 01 00 b8 0b 00 00 01 00 c5 90/);
    expect(stderr).toMatch(/XCOM \d+: recv aa [0-9a-f]{2} 65 00 00 00 01 00 00 00 0e 00/);
    expect(stderr).toMatch(/XCOM \d+: drop aa .* \((object|property|from|service|object type) /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
