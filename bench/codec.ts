// Codec benchmark: frames encoded and decoded per second for a read request, a float response
// and a 76-item multi-info response, beside the checksum alone over the same bytes (the
// irreducible work, as a baseline); then what a client pays per read of a float, a
// read-request encode plus a float-response decode, beside the checksum of those same two
// frames (goal: at most 10×). Run: npm run bench
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
import { cpuNsPerOp, fmt, opsPerSecond, printTable } from './measure.js';

/** Results land here so that the JIT cannot drop the work measured. */
let sink = 0;

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

// The pair a client pays per read, beside the checksum of the same bytes, in CPU time,
// measured in alternation and reported as the median of the runs, so that a busy moment of
// the machine weighs on both alike.
const readRequest = { dstAddr: 101, serviceId: 1, objectType: 1, objectId: 3000, propertyId: 1 } as const;
const requestBytes = encodeRequest(readRequest);
const responseBytes = cases[1]?.encode() ?? new Uint8Array(0);
const pair = (): void => {
  sink += encodeRequest(readRequest).length;
  sink += decodeValue('FLOAT', decodeMessage(decodeFrame(responseBytes)).propertyData);
};
const sums = (): void => {
  sink += checksum(requestBytes) + checksum(responseBytes);
};
const RUNS = 7;
const pairNs: number[] = [];
const sumNs: number[] = [];
for (let r = 0; r < RUNS; r++) {
  pairNs.push(cpuNsPerOp(pair, 200));
  sumNs.push(cpuNsPerOp(sums, 200));
}
const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const pairMedian = median(pairNs);
const sumMedian = median(sumNs);
console.log();
printTable(
  ['per read of a float (median of 7 runs; goal ≤ 10×)', 'CPU ns', 'vs checksum'],
  [
    ['read-request encode + float-response decode', pairMedian.toFixed(0), `${(pairMedian / sumMedian).toFixed(1)}×`],
    [`baseline: checksum of the same ${requestBytes.length + responseBytes.length} bytes`, sumMedian.toFixed(0), '1.0×'],
  ],
);
if (Number.isNaN(sink)) console.log('');
