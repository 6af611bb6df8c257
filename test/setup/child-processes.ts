// Every test file: a child process still running once the file's own hooks have run was
// left behind by them. It is killed (with its group), and the file fails naming it. Around
// the whole file rather than in an afterAll hook: a failing afterAll skips the hooks after it.
import { aroundAll } from 'vitest';
import { killLeftovers } from '../child-processes.js';

aroundAll(async (runSuite) => {
  try {
    await runSuite();
  } finally {
    const leaked = await killLeftovers();
    if (leaked.length > 0) throw new Error(`child processes left running by this file (now killed): ${leaked.join('; ')}`);
  }
});
