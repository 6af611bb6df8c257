/**
 * What the bridges (`xcom mqtt`, `xcom metrics`) share, also for bridges of your own: the
 * configuration file, the default set, and the monitor that keeps the installation's live
 * values.
 * @module
 */
export { type BridgeConfig, type BridgeConfigInput, type DatapointEntry, type DatapointEntryInput, DEFAULT_INTERVAL_MS, parseBridgeConfig } from './bridge-config.js';
export { DEFAULT_DATAPOINTS } from './default-datapoints.js';
export { InstallationMonitor, type InstallationMonitorEvents, type InstallationMonitorOptions, type MonitoredValue, type MonitorState, type MonitorStatus } from './installation-monitor.js';
export { readBridgeConfig } from './read-config-file.js';
export { type SelectedDatapoint, type Selection, selectDatapoints } from './selection.js';
