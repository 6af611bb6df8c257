/**
 * The client: typed reads and writes over a transport, discovery and the message log.
 * @module
 */
export * from './xcom-client.js';
export * from './options.js';
export * from './client-events.js';
export * from './results.js';
export type { ClientStats } from './stats.js';
export type { Aggregation } from './aggregation.js';
export { type ClockOptions, clockSecondsToDate, dateToClockSeconds } from './clock.js';
export * from './reading.js';
export { type ReadItem, type ReadValuesItem } from './read-plan.js';
export {
  type ReadPath,
  type ReadValueAbsent,
  type ReadValueBase,
  type ReadValueEntry,
  type ReadValueFailed,
  type ReadValueOk,
  type ReadValuesOptions,
  type ReadValuesResult,
} from './read-values.js';
export { type PollOptions, type PollSnapshot } from './poll.js';
export { type Pacing } from './pacing.js';
export { type PollClock, systemPollClock } from './poll-clock.js';
export type { DiscoveredDevice, DiscoveredGateway, DiscoveredInstallation, DiscoveryProgress, DiscoverOptions } from './discovery-result.js';
export { nominalBatteryVoltage } from './battery-voltage-detection.js';
export type { ReadMessagesOptions } from './message-log.js';
export type { WatchMessagesOptions } from './message-watch.js';
export type { ReadScreenOptions } from './screen.js';
// The screen's types live in the wire format; the client returns them.
export { type PngOptions, RccScreen, type ScreenEncoding } from '../protocol/rcc-screen.js';
export type { RccKey } from '../protocol/screen-codec.js';
export type { DatalogProgress, DownloadDatalogOptions, ListDatalogsOptions } from './datalog.js';
