/**
 * Discovery: which units answer, family by family, and who each one says it is.
 *
 * The requests it takes: one for the gateway (its GUID); one per address probed — each
 * family's units upwards until the first absent one (DEVICE_NOT_FOUND is final, never
 * retried), 601 once as an Xcom-CAN BMS ({7054}) and, when a unit there refuses that, once as
 * a BSP; then the identities of every unit found in multi-info reads of at most 76 items (one
 * for a typical installation), or one read per info when the gateway refuses multi-info. The
 * simulator's default installation (three Xtenders, two VarioTracks, a VarioString and a BSP)
 * takes 13 requests: 1 + 4 Xtender probes + 2 at 601 + 3 VarioTrack + 2 VarioString + 1
 * multi-info of 42 items; 55 when the gateway refuses multi-info (the refused request and 42
 * single reads).
 * @module
 */
import { FAMILIES } from '../catalogue/families.js';
import { XcomP } from '../catalogue/index.js';
import type { Datapoint, Family } from '../catalogue/types.js';
import { XcomC } from '../constants.js';
import { XcomDeviceError, XcomTimeoutError } from '../errors.js';
import { MULTI_INFO_MAX_ITEMS } from '../protocol/multi-info.js';
import { NOMINAL_VOLTAGE_INFOS, nominalBatteryVoltage } from './battery-voltage-detection.js';
import type { XcomWarning } from './client-events.js';
import type { DiscoveredDevice, DiscoveredInstallation, DiscoverOptions } from './discovery-result.js';
import { IDENTITY_INFOS, identifiedDevice, type IdentityField, probeInfo } from './identity-infos.js';
import type { RequestOptions } from './options.js';
import { Pacer } from './pacing.js';
import { systemPollClock } from './poll-clock.js';
import type { XcomClient } from './xcom-client.js';

/** What discovery asks of the client. */
export type DiscoveryClient = Pick<XcomClient, 'getValue' | 'readGuid' | 'readMultiInfo'>;

/** The families probed after the Xtenders and 601, in order, each from its first address. */
const UPPER_FAMILIES: readonly Family[] = ['variotrack', 'variostring'];
/** The answers of a gateway without multi-info (SERVICE_NOT_SUPPORTED before 1.6.74). */
const NO_MULTI_INFO: ReadonlySet<number> = new Set([
  XcomC.ERRORS.SERVICE_NOT_SUPPORTED,
  XcomC.ERRORS.TYPE_NOT_SUPPORTED,
  XcomC.ERRORS.SCOM_ERROR_OBJECT_NOT_SUPPORTED,
]);
const BATTERY_VOLTAGE_FIELD = 'batteryVoltage';

type Field = IdentityField | typeof BATTERY_VOLTAGE_FIELD;
type Info = Datapoint<'FLOAT', 'info'>;

/** A unit that answered its probe, and the identity values read so far. */
interface Unit {
  readonly family: Family;
  readonly address: number;
  readonly values: Map<Field, number>;
}

/** One identity info to read of one unit. */
interface Item {
  readonly unit: Unit;
  readonly field: Field;
  readonly info: Info;
}

/** What a probe found at an address. */
type Probe = { readonly found: true; readonly value: number | undefined } | { readonly found: false; readonly final: boolean };

/** Discovers the installation behind `client` (see the module's text for the requests it takes). */
export async function discoverInstallation(client: DiscoveryClient, options: DiscoverOptions): Promise<DiscoveredInstallation> {
  const { signal, onProgress } = options;
  const request: RequestOptions = signal === undefined ? {} : { signal };
  const warnings: XcomWarning[] = [];
  const pacer = options.pacing === undefined ? undefined : new Pacer(options.pacing, options.clock ?? systemPollClock);
  let requests = 0;
  const counted = async <T>(send: () => Promise<T>): Promise<T> => {
    requests++;
    if (pacer === undefined) return send();
    await pacer.before(signal);
    try {
      return await send();
    } finally {
      pacer.after();
    }
  };

  // A timeout here is a dead link, not an absent gateway: it ends discovery.
  let guid: string | undefined;
  try {
    guid = await counted(() => client.readGuid(request));
  } catch (error) {
    if (!(error instanceof XcomDeviceError)) throw error;
  }
  onProgress?.({ step: 'gateway', requests });

  const probe = async (family: Family, address: number, info: Info): Promise<Probe> => {
    let result: Probe;
    try {
      result = { found: true, value: await counted(() => client.getValue(info, { ...request, dstAddr: address })) };
    } catch (error) {
      if (error instanceof XcomTimeoutError) {
        warnings.push({ code: 'PROBE_TIMEOUT', message: `no answer from ${address} (${FAMILIES[family].label}): its family was not probed further` });
        result = { found: false, final: true };
      } else if (!(error instanceof XcomDeviceError)) {
        throw error;
      } else if (error.scomCode === XcomC.ERRORS.DEVICE_NOT_FOUND) {
        result = { found: false, final: true };
      } else {
        // A unit answered but refused the info: present, unless the probe tells families apart.
        result = family === 'bms' ? { found: false, final: false } : { found: true, value: undefined };
      }
    }
    onProgress?.({ step: 'probe', family, address, found: result.found, requests });
    return result;
  };

  const units: Unit[] = [];
  const found = (family: Family, address: number, outcome: Probe): boolean => {
    if (!outcome.found) return false;
    const values = new Map<Field, number>();
    const field = IDENTITY_INFOS[family][0]?.[0];
    if (field !== undefined && outcome.value !== undefined) values.set(field, outcome.value);
    units.push({ family, address, values });
    return true;
  };
  const probeUpwards = async (family: Family): Promise<void> => {
    const { firstAddress, lastAddress } = FAMILIES[family];
    const info = probeInfo(family) as Info;
    for (let address = firstAddress; address <= lastAddress; address++) {
      if (!found(family, address, await probe(family, address, info))) return;
    }
  };

  await probeUpwards('xtender');
  // The gateway answered at 501: that is the RCC family's unit.
  units.push({ family: 'rcc', address: FAMILIES.rcc.firstAddress, values: new Map() });
  const bms = await probe('bms', FAMILIES.bms.firstAddress, XcomP.BMS_BMS_VERSION);
  if (bms.found) found('bms', FAMILIES.bms.firstAddress, bms);
  else if (!bms.final) found('bsp', FAMILIES.bsp.firstAddress, await probe('bsp', FAMILIES.bsp.firstAddress, XcomP.BSP_ID_TYPE));
  for (const family of UPPER_FAMILIES) await probeUpwards(family);

  const items = identityItems(units);
  const multiInfo = await readIdentities(client, items, request, counted);
  onProgress?.({ step: 'identity', devices: units.length, requests });

  const batteryVoltage = batteryVoltageOf(units, warnings);
  const devices: DiscoveredDevice[] = units.map((u) => identifiedDevice(u.family, u.address, u.values as ReadonlyMap<IdentityField, number>));
  return {
    gateway: { address: XcomC.ADDR_XCOM, guid, multiInfo, softwareVersion: multiInfo ? '>=1.6.74' : '<1.6.74' },
    devices,
    batteryVoltage,
    requests,
    warnings,
  };
}

/** Every identity info still to read, and "ID batt voltage" of the first unit that has one. */
function identityItems(units: readonly Unit[]): Item[] {
  const items: Item[] = [];
  for (const unit of units) {
    for (const [field, info] of IDENTITY_INFOS[unit.family].slice(1)) items.push({ unit, field, info });
  }
  for (const info of NOMINAL_VOLTAGE_INFOS) {
    const unit = units.find((u) => u.family === info.family);
    if (unit !== undefined) {
      items.push({ unit, field: BATTERY_VOLTAGE_FIELD, info });
      break;
    }
  }
  return items;
}

/**
 * Reads the items into their units: in multi-info requests of at most 76 items, or one by
 * one where the gateway refuses multi-info or a multi-info request fails with a device error
 * (one error answers the whole request). An info a unit refuses stays unread. Returns whether
 * the gateway answers multi-info (asked with one item when there is nothing to read).
 */
async function readIdentities(
  client: DiscoveryClient,
  items: readonly Item[],
  request: RequestOptions,
  counted: <T>(send: () => Promise<T>) => Promise<T>,
): Promise<boolean> {
  let multiInfo: boolean | undefined;
  const aggregation = (unit: Unit): number => unit.address - FAMILIES[unit.family].firstAddress + 1;
  const askMultiInfo = async (chunk: readonly Item[]): Promise<boolean> => {
    const asked = chunk.length > 0 ? chunk.map((i) => ({ id: i.info, aggregation: aggregation(i.unit) })) : [{ id: XcomP.XT_BATTERY_VOLTAGE }];
    try {
      const result = await counted(() => client.readMultiInfo(asked, request));
      chunk.forEach((item, i) => {
        const value = result.items[i]?.value;
        if (typeof value === 'number') item.unit.values.set(item.field, value);
      });
      multiInfo = true;
      return true;
    } catch (error) {
      if (!(error instanceof XcomDeviceError)) throw error;
      multiInfo = !NO_MULTI_INFO.has(error.scomCode);
      return false;
    }
  };
  if (items.length === 0) await askMultiInfo([]);
  for (let at = 0; at < items.length; at += MULTI_INFO_MAX_ITEMS) {
    const chunk = items.slice(at, at + MULTI_INFO_MAX_ITEMS);
    if (multiInfo !== false && (await askMultiInfo(chunk))) continue;
    for (const item of chunk) {
      try {
        item.unit.values.set(item.field, await counted(() => client.getValue(item.info, { ...request, dstAddr: item.unit.address })));
      } catch (error) {
        if (!(error instanceof XcomDeviceError)) throw error;
      }
    }
  }
  return multiInfo === true;
}

/** The nominal voltage the units report, with a warning when one reported an unusable value. */
function batteryVoltageOf(units: readonly Unit[], warnings: XcomWarning[]): DiscoveredInstallation['batteryVoltage'] {
  const unit = units.find((u) => u.values.has(BATTERY_VOLTAGE_FIELD));
  const raw = unit?.values.get(BATTERY_VOLTAGE_FIELD);
  if (raw === undefined) return undefined;
  const nominal = nominalBatteryVoltage(raw);
  if (nominal === undefined) {
    warnings.push({
      code: 'BATTERY_VOLTAGE_UNKNOWN',
      message: `"ID batt voltage" of ${unit?.address} reads ${raw}, which is not about 12, 24 or 48 V: set batteryVoltage to match your battery`,
    });
  }
  return nominal;
}
