// A scripted device on the far end of a MemoryTransport pair, for client tests that need to
// control exactly what comes back and when.
import { decodeMessage, encodeErrorResponse, encodeResponse, encodeValue, type ScomMessage } from '../../src/protocol/index.js';
import type { HandlerRequest } from '../../src/client/request-handler.js';
import { MemoryTransport } from '../../src/transport/memory-transport.js';

export type Answer = Uint8Array | Uint8Array[] | undefined;

export class ScriptedDevice {
  readonly received: ScomMessage[] = [];
  readonly clientSide: MemoryTransport;
  readonly deviceSide: MemoryTransport;
  answer: (request: ScomMessage) => Answer = () => undefined;

  constructor() {
    [this.clientSide, this.deviceSide] = MemoryTransport.pair();
    this.deviceSide.setFrameListener((frame) => {
      const request = decodeMessage(frame);
      this.received.push(request);
      const out = this.answer(request);
      for (const bytes of out === undefined ? [] : Array.isArray(out) ? out : [out]) void this.deviceSide.send(bytes);
    });
    void this.deviceSide.open();
  }

  /** Sends bytes to the client now (a late or unsolicited frame). */
  push(bytes: Uint8Array): void {
    void this.deviceSide.send(bytes);
  }
}

/** A float reply to `request`, from `src` (default: the request's destination). */
export function floatReply(request: ScomMessage, value: number, src = request.dstAddr, flags = 0x34): Uint8Array {
  return encodeResponse({
    flags,
    srcAddr: src,
    dstAddr: request.srcAddr,
    serviceId: request.serviceId,
    objectType: request.objectType,
    objectId: request.objectId,
    propertyId: request.propertyId,
    propertyData: request.serviceId === 2 ? new Uint8Array(0) : encodeValue('FLOAT', value),
  });
}

/** An error reply to `request`. */
export function errorReply(request: ScomMessage, code: number, src = request.dstAddr): Uint8Array {
  return encodeErrorResponse(
    { srcAddr: src, dstAddr: request.srcAddr, serviceId: request.serviceId, objectType: request.objectType, objectId: request.objectId, propertyId: request.propertyId },
    code,
  );
}

/** Lets queued microtasks and I/O callbacks run. */
export const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
};

/** A read of info `objectId` from the DTE (1), as the request handler sends it. */
export const readRequest = (objectId: number, dstAddr = 101, propertyId = 1): HandlerRequest => ({
  srcAddr: 1,
  dstAddr,
  serviceId: 1,
  objectType: 1,
  objectId,
  propertyId,
  propertyData: new Uint8Array(0),
});
