// A scripted gateway serving one file through the transfer object (0x0101), for the tests of
// replies that arrive twice or late: `deliver` decides when (and how often) each reply is sent.
import { encodeResponse, type ScomMessage, SD_ABORT, SD_ACK_CONTINUE, SD_DATABLOCK, SD_FINISH, SD_START } from '../../src/protocol/index.js';
import { ScriptedDevice } from './scripted-device.js';

/** Sends `reply`, the answer to step `index` (`request`), through `push` whenever it likes. */
export type Deliver = (index: number, request: ScomMessage, reply: Uint8Array, push: (frame: Uint8Array) => void) => void;

/** A gateway serving `file` in 512-byte blocks, the last one in the Finish; an Abort gets an empty Finish. */
export function datalogGateway(file: Uint8Array, deliver: Deliver): ScriptedDevice {
  const device = new ScriptedDevice();
  let offset = 0;
  let open = false;
  const reply = (request: ScomMessage, propertyId: number, data: Uint8Array): Uint8Array =>
    encodeResponse({ flags: 0x24, srcAddr: 501, dstAddr: request.srcAddr, serviceId: 1, objectType: 0x0101, objectId: request.objectId, propertyId, propertyData: data });
  device.answer = (request) => {
    const index = device.received.length - 1;
    let out: Uint8Array;
    if (request.propertyId === SD_ABORT) {
      open = false;
      out = reply(request, SD_FINISH, new Uint8Array(0));
    } else {
      if (request.propertyId === SD_START) {
        offset = 0;
        open = true;
      } else if (request.propertyId === SD_ACK_CONTINUE && open) offset += 512;
      const end = Math.min(offset + 512, file.length);
      const last = end === file.length;
      if (last) open = false;
      out = reply(request, last ? SD_FINISH : SD_DATABLOCK, file.slice(offset, end));
    }
    deliver(index, request, out, (frame) => device.push(frame));
    return undefined;
  };
  return device;
}
