// What reaches a write from a /set topic: the gate (retained, redelivered, empty) and the
// payload's forms; and what a reading looks like on its state topic.
import { describe, expect, it } from 'vitest';
import { getDatapoint } from '../../src/catalogue/lookup.js';
import type { ReadValueEntry } from '../../src/client/read-values.js';
import { XcomError, XcomValidationError } from '../../src/errors.js';
import { CommandGate, type GateMessage } from '../../src/mqtt/command-gate.js';
import { parseCommandPayload } from '../../src/mqtt/command-payload.js';
import { formatNumber, jsonValue, statePayload } from '../../src/mqtt/state-payload.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const message = (over: Partial<GateMessage> = {}): GateMessage => ({ topic: 'xcom/s/XT1/X/set', payload: bytes('12'), retain: false, dup: false, messageId: 7, ...over });

describe('CommandGate', () => {
  it('lets a command through once, and drops its redelivery (dup, same packet id, topic and payload)', () => {
    const gate = new CommandGate();
    expect(gate.admit(message())).toBe('execute');
    expect(gate.admit(message({ dup: true }))).toBe('duplicate');
    expect(gate.admit(message({ dup: true }))).toBe('duplicate');
  });

  it('executes a dup delivery whose first copy it never saw, and a new message that reuses a packet id', () => {
    const gate = new CommandGate();
    expect(gate.admit(message({ dup: true, messageId: 3 }))).toBe('execute');
    expect(gate.admit(message({ messageId: 3 }))).toBe('execute'); // dup clear: a new publication
    expect(gate.admit(message({ dup: true, messageId: 3, payload: bytes('13') }))).toBe('execute'); // another payload
    expect(gate.admit(message({ dup: true, messageId: 3, topic: 'xcom/s/XT2/X/set' }))).toBe('execute');
  });

  it('never executes a retained message, nor an empty one', () => {
    const gate = new CommandGate();
    expect(gate.admit(message({ retain: true }))).toBe('retained');
    expect(gate.admit(message({ retain: true, dup: true }))).toBe('retained');
    expect(gate.admit(message({ payload: bytes('') }))).toBe('empty');
  });

  it('forgets on a new connection, and keeps a bounded memory', () => {
    const gate = new CommandGate(2);
    gate.admit(message({ messageId: 1 }));
    gate.reset();
    expect(gate.admit(message({ messageId: 1, dup: true }))).toBe('execute');
    gate.admit(message({ messageId: 2 }));
    gate.admit(message({ messageId: 3 }));
    // 1 was the oldest of three: forgotten.
    expect(gate.admit(message({ messageId: 1, dup: true }))).toBe('execute');
    expect(gate.admit(message({ messageId: 3, dup: true }))).toBe('duplicate');
  });

  it('executes QoS 0 messages, which have no packet id and are never redelivered', () => {
    const gate = new CommandGate();
    expect(gate.admit(message({ messageId: undefined }))).toBe('execute');
    expect(gate.admit(message({ messageId: undefined }))).toBe('execute');
  });
});

describe('command payloads', () => {
  it('reads numbers, enum labels or numbers, and booleans in their usual spellings', () => {
    expect(parseCommandPayload(getDatapoint(1138), 'number', ' 33.5 ')).toBe(33.5);
    expect(parseCommandPayload(getDatapoint(1202), 'label', 'Manual ON')).toBe('Manual ON');
    expect(parseCommandPayload(getDatapoint(1202), 'label', '"Manual ON"')).toBe('Manual ON');
    expect(parseCommandPayload(getDatapoint(1202), 'label', '4')).toBe(4);
    for (const on of ['true', 'ON', '1', 'on']) expect(parseCommandPayload(getDatapoint(1125), 'bool', on)).toBe(true);
    for (const off of ['false', 'OFF', '0']) expect(parseCommandPayload(getDatapoint(1125), 'bool', off)).toBe(false);
  });

  it('refuses what is none of the forms with a validation error naming the datapoint', () => {
    expect(() => parseCommandPayload(getDatapoint(1138), 'number', 'lots')).toThrow(/\{1138\}.*takes a number/);
    expect(() => parseCommandPayload(getDatapoint(1138), 'number', '')).toThrow(XcomValidationError);
    expect(() => parseCommandPayload(getDatapoint(1125), 'bool', 'maybe')).toThrow(/takes true or false/);
    expect(() => parseCommandPayload(getDatapoint(1138), 'text', 'x')).toThrow(/cannot be written/);
  });
});

describe('state payloads', () => {
  const ok = (value: number | boolean): ReadValueEntry => ({ ok: true, value, key: 'k', datapoint: getDatapoint(3000), address: 101, aggregation: undefined, via: 'single' });
  const absent: ReadValueEntry = { ok: true, value: undefined, absent: 'no sensor', raw: 32767, key: 'k', datapoint: getDatapoint(3001), address: 101, aggregation: undefined, via: 'single' };
  const failed: ReadValueEntry = { ok: false, error: new XcomError('TIMEOUT', 't'), key: 'k', datapoint: getDatapoint(3000), address: 101, aggregation: undefined, via: 'single' };

  it('writes a float32 reading with the digits it holds', () => {
    expect(formatNumber(Math.fround(52.3))).toBe('52.3');
    expect(formatNumber(Math.fround(0.007918313))).toBe('0.007918313');
    expect(formatNumber(230)).toBe('230');
    expect(statePayload(getDatapoint(3000), 'number', ok(Math.fround(51.25)))).toBe('51.25');
  });

  it('writes an enum as its label, a BOOL as true/false, and no reading as None', () => {
    expect(statePayload(getDatapoint(3028), 'label', ok(2))).toBe('Charger');
    expect(statePayload(getDatapoint(3028), 'label', ok(99))).toBe('None'); // no label: unknown
    expect(statePayload(getDatapoint(1125), 'bool', ok(true))).toBe('true');
    expect(statePayload(getDatapoint(1125), 'bool', ok(false))).toBe('false');
    expect(statePayload(getDatapoint(3001), 'number', absent)).toBe('None');
    expect(statePayload(getDatapoint(3000), 'number', failed)).toBe('None');
    expect(jsonValue(getDatapoint(3001), 'number', absent)).toBeNull();
    expect(jsonValue(getDatapoint(3000), 'number', ok(Math.fround(52.3)))).toBe(52.3);
  });
});
