import { decodeFrame } from '../../src/protocol/frame.js';
import { decodeMessage, encodeRequest, errorCodeOf, type RequestFields, type ScomMessage } from '../../src/protocol/service.js';
import { ManualClock } from '../../src/simulator/clock.js';
import { SimInstallation } from '../../src/simulator/installation.js';
import type { InstallationOptions } from '../../src/simulator/installation-options.js';
import { ScomResponder, type ResponderOptions } from '../../src/simulator/responder.js';

/** 2025-06-21 10:00 UTC: the sun is up. */
export const T0 = Date.UTC(2025, 5, 21, 10, 0, 0);

export interface Rig {
  readonly clock: ManualClock;
  readonly site: SimInstallation;
  readonly responder: ScomResponder;
  /** Sends raw frame bytes; returns the raw reply (or undefined). */
  raw(bytes: Uint8Array): Uint8Array | undefined;
  /** Sends a request built by the codec; returns the decoded reply (throws on silence). */
  ask(fields: RequestFields): ScomMessage;
  /** Sends a request; returns the Scom error code of the reply (throws when not an error). */
  error(fields: RequestFields): number;
}

export function rig(options: InstallationOptions = {}, responderOptions: ResponderOptions = {}): Rig {
  const clock = new ManualClock(T0);
  const site = new SimInstallation({ clock, ...options });
  const responder = new ScomResponder(site, responderOptions);
  const raw = (bytes: Uint8Array): Uint8Array | undefined => responder.respond(decodeFrame(bytes), 'test');
  const ask = (fields: RequestFields): ScomMessage => {
    const reply = raw(encodeRequest(fields));
    if (reply === undefined) throw new Error('no reply');
    return decodeMessage(decodeFrame(reply));
  };
  const error = (fields: RequestFields): number => {
    const reply = ask(fields);
    if (!reply.isError) throw new Error(`expected an error reply, got ${JSON.stringify(reply)}`);
    return errorCodeOf(reply);
  };
  return { clock, site, responder, raw, ask, error };
}

export const readInfo = (dstAddr: number, objectId: number, propertyId = 1): RequestFields => ({
  dstAddr,
  serviceId: 1,
  objectType: 1,
  objectId,
  propertyId,
});
export const readParam = (dstAddr: number, objectId: number, propertyId = 13): RequestFields => ({
  dstAddr,
  serviceId: 1,
  objectType: 2,
  objectId,
  propertyId,
});
export const writeParam = (dstAddr: number, objectId: number, propertyData: Uint8Array, propertyId = 13): RequestFields => ({
  dstAddr,
  serviceId: 2,
  objectType: 2,
  objectId,
  propertyId,
  propertyData,
});

export function float(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setFloat32(0, value, true);
  return out;
}

export function int32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setInt32(0, value, true);
  return out;
}

export function readFloat(msg: ScomMessage): number {
  return new DataView(msg.propertyData.buffer, msg.propertyData.byteOffset, 4).getFloat32(0, true);
}
