import { describe, expect, it } from 'vitest';
import { encodeValue } from '../../src/protocol/value-codec.js';
import { float, readFloat, readParam, rig, writeParam } from './helpers.js';

const no = encodeValue('BOOL', false);
const yes = encodeValue('BOOL', true);

describe('"Parameters saved in flash memory" = No (spec §4.5.4–4.5.5)', () => {
  it('{1550} No: a property-5 write changes the value in force only; property 5 and a restart give the old value; nothing counts', () => {
    const { ask, site } = rig();
    expect(ask(writeParam(101, 1550, no, 5)).isError).toBe(false);
    expect(site.flashWrites(101, 1550)).toBe(1);
    expect(ask(writeParam(101, 1138, float(25), 5)).isError).toBe(false);
    expect(readFloat(ask(readParam(101, 1138, 13)))).toBe(25);
    expect(readFloat(ask(readParam(101, 1138, 5)))).toBe(60);
    expect(site.flashWrites(101, 1138)).toBe(0);
    expect(site.parameter(101, 1138)?.ramWrites).toBe(1);
    site.restart();
    expect(readFloat(ask(readParam(101, 1138, 13)))).toBe(60);
    // The switch itself stays No across the restart: it was written to flash.
    expect(site.currentValue(101, 1550)).toBe(0);
  });

  it('only the Xtender written is affected; the others keep writing flash', () => {
    const { ask, site } = rig();
    ask(writeParam(101, 1550, no, 5));
    ask(writeParam(100, 1138, float(30), 5));
    expect(site.currentValue(101, 1138, 'flash')).toBe(60);
    expect(site.currentValue(102, 1138, 'flash')).toBe(30);
    expect(site.flashWrites(102, 1138)).toBe(1);
  });

  it('No again is written to flash only the first time; Yes every time, and flash writes resume', () => {
    const { ask, site } = rig();
    for (let i = 0; i < 5; i++) ask(writeParam(101, 1550, no, 5));
    expect(site.flashWrites(101, 1550)).toBe(1);
    ask(writeParam(101, 1550, yes, 5));
    ask(writeParam(101, 1550, yes, 5));
    expect(site.flashWrites(101, 1550)).toBe(3);
    ask(writeParam(101, 1138, float(20), 5));
    expect(site.currentValue(101, 1138, 'flash')).toBe(20);
    expect(site.flashWrites(101, 1138)).toBe(1);
  });

  it('No set in RAM only (property 13) holds until a restart brings back Yes from flash', () => {
    const { ask, site } = rig();
    ask(writeParam(101, 1550, no, 13));
    ask(writeParam(101, 1138, float(25), 5));
    expect(site.currentValue(101, 1138, 'flash')).toBe(60);
    site.restart();
    expect(site.currentValue(101, 1550)).toBe(1);
    ask(writeParam(101, 1138, float(25), 5));
    expect(site.currentValue(101, 1138, 'flash')).toBe(25);
  });

  it('{10058} on a VarioTrack and {14069} on a VarioString do the same', () => {
    const { ask, site } = rig();
    ask(writeParam(301, 10058, no, 5));
    ask(writeParam(301, 10002, float(40), 5));
    expect(site.currentValue(301, 10002)).toBe(40);
    expect(site.currentValue(301, 10002, 'flash')).toBe(80);
    expect(site.flashWrites(301, 10002)).toBe(0);
    ask(writeParam(701, 14069, no, 5));
    const vs = site.parameter(701, 14001)!;
    ask(writeParam(701, 14001, float(10), 5));
    expect(vs.ram).toBe(10);
    expect(vs.flash).not.toBe(10);
    expect(vs.flashWrites).toBe(0);
  });
});

describe('the write event', () => {
  it('reports where a write landed', () => {
    const { ask, site } = rig();
    const targets: string[] = [];
    site.on('write', (w) => targets.push(`${w.id} ${w.target}`));
    ask(writeParam(101, 1138, float(25), 5));
    ask(writeParam(101, 1550, no, 5));
    ask(writeParam(101, 1138, float(26), 5));
    ask(writeParam(101, 1550, no, 5));
    expect(targets).toEqual(['1138 flash', '1550 flash', '1138 ram', '1550 ram']);
  });
});
