/**
 * The datapoint catalogue generated from Studer's appendix.
 * @module
 */
export * from './types.js';
export * from './families.js';
export { APPENDIX_VERSION, DATAPOINTS } from './datapoints.generated.js';
export type { XcomPoints, XcomPName } from './xcomp.generated.js';
export { XCOM_PROTO_ALIASES } from './xcomp.generated.js';
export { XcomP } from './xcomp.js';
export { findDatapoint, getDatapoint, datapointsOf, searchDatapoints } from './lookup.js';
export { labelOf, valueOfLabel } from './labels.js';
export { objectTypeOf, defaultReadAddress, defaultWriteAddress } from './addresses.js';
export { OVERLAY_120V } from './overlay-120v.generated.js';
export { with120V } from './variant-120v.js';
export { BATTERY_VOLTAGE_PARAMETERS } from './battery-voltage.generated.js';
export {
  type BatteryVoltage,
  BATTERY_VOLTAGES,
  checkBatteryVoltage,
  isBatteryVoltageParameter,
  withBatteryVoltage,
} from './battery-voltage.js';
export { MESSAGES } from './messages.generated.js';
export { findMessage, messageText } from './messages.js';
export { DEVICE_MODELS, deviceModelOf, type DeviceModel } from './device-models.js';
export { MENUS } from './menus.generated.js';
export { findMenu, menusOf, menuEntries, menuPath } from './menus.js';
