/**
 * xcom-ts: talk to Studer-Innotec installations (Xtender, VarioTrack, VarioString, BSP,
 * Xcom-CAN BMS) through an Xcom-232i or Xcom-LAN, with Studer's Scom protocol.
 *
 * - {@link XcomClient}: typed reads and writes (`getValue`, `setValue`, `getValueByID`,
 *   `setValueByID`, `readMultiInfo`, `readMessage`), one request in flight, replies matched
 *   to their request, timeouts, retries, `AbortSignal`, `await using`; the installation
 *   (`discover`), its message log (`readMessages`, `watchMessages`) and the SD card's
 *   datalog files (`listDatalogs`, `downloadDatalog`).
 * - {@link XcomP}: every datapoint of Studer's appendix by name, typed by its format;
 *   {@link XcomC}: the protocol's constants.
 * - {@link UdpTransport}, {@link TcpServerTransport}, {@link TcpClientTransport},
 *   {@link SerialTransport}, {@link openTransport}: the links.
 * - `xcom-ts/simulator`: a simulated installation for tests, demos and dashboards.
 *
 * @example
 * ```ts
 * import { XcomClient, XcomP, XcomC } from 'xcom-ts';
 *
 * await using xcom = await XcomClient.connect('udp://192.168.1.50:4002?localPort=4001');
 * const soc = await xcom.getValue(XcomP.BATT_SOC);                    // number, %
 * await xcom.setValue(XcomP.SMART_BOOST_LIMIT, 100);                  // RAM of every Xtender
 * await xcom.setValue(XcomP.BATTERY_CHARGE_CURR, 20, { dstAddr: 101, propertyId: XcomC.QSP_VALUE }); // flash
 * ```
 * @module xcom-ts
 * @primaryExport
 */
export * from './errors.js';
export * from './constants.js';
// The wire format itself is `xcom-ts/protocol`; these types appear in the client's signatures.
export type {
  Frame,
  FrameDecoder,
  FrameDecoderStats,
  FrameFlags,
  MultiInfoFlags,
  NumericFormat,
  ScomFormat,
  ScomValue,
  ValueOf,
} from './protocol/index.js';
// SD-card datalog names, for filtering what `listDatalogs` returns.
export { datalogFileDate, datalogFileName, isDatalogFileName } from './protocol/file-transfer.js';
export * from './catalogue/index.js';
export * from './transport/index.js';
export * from './client/index.js';
export * from './bridge/index.js';
