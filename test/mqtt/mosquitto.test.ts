// The test broker's own start-up: one that fails leaves nothing behind (the caller gets no
// Broker to close), neither its folder nor a mosquitto.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { haveBroker, startBroker } from './mosquitto.js';

describe.skipIf(!haveBroker)('startBroker failing', () => {
  it('removes its folder when the listener settings throw', async () => {
    let dir = '';
    const failing = (folder: string): readonly string[] => {
      dir = folder;
      throw new Error('no certificates');
    };
    await expect(startBroker(failing)).rejects.toThrow('no certificates');
    expect(dir).not.toBe('');
    expect(existsSync(dir)).toBe(false);
  });

  it('removes its folder when mosquitto refuses the configuration', async () => {
    let dir = '';
    await expect(
      startBroker((folder) => {
        dir = folder;
        return ['no_such_option 1'];
      }),
    ).rejects.toThrow(/mosquitto exited/);
    expect(existsSync(dir)).toBe(false);
  });
});
