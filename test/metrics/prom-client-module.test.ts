// Loading the optional prom-client: named exports or a CommonJS default, and a missing or
// broken package said with the command that installs it.
import * as promClient from 'prom-client';
import { describe, expect, it } from 'vitest';
import { XcomError } from '../../src/errors.js';
import { loadPromClient } from '../../src/metrics/prom-client-module.js';

describe('loadPromClient', () => {
  it('loads the installed package', async () => {
    const prom = await loadPromClient();
    expect(prom.Registry).toBe(promClient.Registry);
  });

  it('takes the members from a CommonJS default export', async () => {
    const prom = await loadPromClient(async () => ({ default: promClient }));
    expect(prom.Gauge).toBe(promClient.Gauge);
  });

  it('says MODULE_MISSING when the package is absent, broken, or not prom-client', async () => {
    const absent = Object.assign(new Error('Cannot find module'), { code: 'MODULE_NOT_FOUND' });
    const broken = new SyntaxError('Unexpected token');
    const errors = await Promise.all([
      loadPromClient(() => Promise.reject(absent)).catch((e: unknown) => e),
      loadPromClient(() => Promise.reject(broken)).catch((e: unknown) => e),
      loadPromClient(async () => ({ Registry: class {} })).catch((e: unknown) => e),
    ]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(XcomError);
      expect(error).toMatchObject({ code: 'MODULE_MISSING', message: expect.stringMatching(/npm install prom-client@15$/) });
    }
    expect((errors[0] as Error).message).toMatch(/is not installed/);
    expect((errors[1] as Error).message).toMatch(/failed to load/);
    expect((errors[1] as Error).cause).toBe(broken);
    expect((errors[2] as Error).message).toMatch(/has no Gauge, Counter, Histogram export/);
  });
});
