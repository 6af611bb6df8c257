// Codec benchmark: frames encoded and decoded per second for a read request, a float response
// and a 76-item multi-info response, beside the checksum alone over the same bytes (the
// irreducible work, as a baseline). Run: npm run bench
import {
  checksum,
  decodeFrame,
  decodeMessage,
  decodeMultiInfoResponse,
  decodeValue,
  encodeMultiInfoResponse,
  encodeRequest,
  encodeResponse,
  encodeValue,
  FrameDecoder,
} from '../src/protocol/index.js';
import { fmt, opsPerSecond, printTable } from './measure.js';

const items = Array.from({ length: 76 }, (_, i) => ({ infoId: 3000 + i, aggregation: 0xfd, value: i * 1.5 }));

const cases = [
  {
    name: 'read request (26 B)',
    encode: () => encodeRequest({ dstAddr: 101, serviceId: 1, objectType: 1, objectId: 3000, propertyId: 1 }),
    decode: (b: Uint8Array) => decodeMessage(decodeFrame(b)),
  },
  {
    name: 'float response (30 B)',
    encode: () =>
      encodeResponse({ flags: 0x34, srcAddr: 101, dstAddr: 1, serviceId: 1, objectType: 1, objectId: 3000, propertyId: 1, propertyData: encodeValue('FLOAT', 12.359375) }),
    decode: (b: Uint8Array) => decodeValue('FLOAT', decodeMessage(decodeFrame(b)).propertyData),
  },
  {
    name: 'multi-info response, 76 items (566 B)',
    encode: () =>
      encodeResponse({ srcAddr: 501, dstAddr: 1, serviceId: 1, objectType: 10, objectId: 1, propertyId: 1, propertyData: encodeMultiInfoResponse({ flags: 0x1e0, timestamp: 1, items }) }),
    decode: (b: Uint8Array) => decodeMultiInfoResponse(decodeMessage(decodeFrame(b)).propertyData),
  },
];

const rows = cases.map((c) => {
  const bytes = c.encode();
  const decoder = new FrameDecoder();
  return [
    c.name,
    fmt(opsPerSecond(c.encode)),
    fmt(opsPerSecond(() => c.decode(bytes))),
    fmt(opsPerSecond(() => decoder.push(bytes))),
    fmt(opsPerSecond(() => checksum(bytes))),
  ];
});

console.log(`node ${process.version}, ${new Date().toISOString()}`);
printTable(['frame', 'encode/s', 'decode/s', 'FrameDecoder.push/s', 'baseline: checksum/s'], rows);
