/**
 * The objects only the Xcom-232i at 501 holds: the message log (type 3), the GUID (type 4),
 * the custom datalog field (type 5) and the multi-info read (type 10).
 * @module
 */
import { SCOM_ERRORS as E } from '../constants.js';
import type { Family } from '../catalogue/types.js';
import { encodeMessageRecord } from '../protocol/message-record.js';
import { encodeMultiInfoFlags, encodeMultiInfoResponse, type MultiInfoResponseItem } from '../protocol/multi-info.js';
import type { ScomMessage } from '../protocol/service.js';
import type { SimInstallation } from './installation.js';
import { fail, ok, type Reply } from './reply.js';
import type { SimDevice } from './sim-device.js';

const XCOM = 501;
const WRITE = 0x02;
const DATALOG_FIELD_MAX = 250;
const MULTI_INFO_MAX_ITEMS = 76;

/** Reads message `objectId` of the log (index 0 newest); property 0 only, read only. */
export function handleMessage(site: SimInstallation, msg: ScomMessage): Reply {
  if (msg.propertyId !== 0) return fail(XCOM, E.PROPERTY_NOT_SUPPORTED);
  if (msg.serviceId === WRITE) return fail(XCOM, E.PROPERTY_IS_READ_ONLY);
  const record = site.messages.read(msg.objectId);
  return record === undefined ? fail(XCOM, E.OBJECT_ID_NOT_FOUND, `no message ${msg.objectId} in a log of ${site.messages.size}`) : ok(XCOM, encodeMessageRecord(record));
}

/** Reads the GUID: object 0, property 0, 16 bytes. */
export function handleGuid(site: SimInstallation, msg: ScomMessage): Reply {
  if (msg.objectId !== 0) return fail(XCOM, E.OBJECT_ID_NOT_FOUND);
  if (msg.propertyId !== 0) return fail(XCOM, E.PROPERTY_NOT_SUPPORTED);
  if (msg.serviceId === WRITE) return fail(XCOM, E.PROPERTY_IS_READ_ONLY);
  return ok(XCOM, site.guid);
}

/** Writes the custom datalog field: a string of at most 250 bytes, property 1, write only. */
export function handleDatalogField(site: SimInstallation, msg: ScomMessage): Reply {
  if (msg.propertyId !== 0x01) return fail(XCOM, E.PROPERTY_NOT_SUPPORTED);
  if (msg.serviceId !== WRITE) return fail(XCOM, E.PROPERTY_NOT_SUPPORTED);
  if (msg.propertyData.length > DATALOG_FIELD_MAX) return fail(XCOM, E.INVALID_DATA_LENGTH);
  site.datalogField = Uint8Array.from(msg.propertyData);
  return ok(XCOM);
}

/** The family an info number belongs to, by the appendix's number ranges. */
function familyOfInfo(site: SimInstallation, id: number): Family | undefined {
  if (id >= 3000 && id < 4000) return 'xtender';
  if (id >= 7000 && id < 8000) return site.devicesOf('bms').length > 0 ? 'bms' : 'bsp';
  if (id >= 11000 && id < 12000) return 'variotrack';
  if (id >= 15000 && id < 16000) return 'variostring';
  return undefined;
}

type ItemResult = { readonly value: number } | { readonly code: number; readonly why: string };

function aggregate(site: SimInstallation, family: Family, devices: readonly SimDevice[], id: number, aggregation: number): ItemResult {
  const read = (d: SimDevice): number => site.infoValue(d.address, id) ?? Number.NaN;
  const absent = (which: string): ItemResult => ({ code: E.DEVICE_NOT_FOUND, why: `no ${family} ${which} answers` });
  if (aggregation === 0x00) {
    const master = devices[0];
    return master === undefined ? absent('master') : { value: read(master) };
  }
  if (aggregation >= 0x01 && aggregation <= 0x0f) {
    const device = devices.find((d) => d.index === aggregation);
    return device === undefined ? absent(`device ${aggregation}`) : { value: read(device) };
  }
  if (aggregation === 0xfd || aggregation === 0xfe) {
    if (devices.length === 0) return absent('device');
    const total = devices.reduce((s, d) => s + read(d), 0);
    return { value: aggregation === 0xfe ? total : total / devices.length };
  }
  return { code: E.INVALID_DATA, why: `aggregation 0x${aggregation.toString(16)} is not defined` };
}

/**
 * A multi-info read: each item's info, aggregated over its family (master, device 1–15,
 * average, sum), every value as float32, after the flags word and the gateway's time. An
 * item the installation cannot answer fails the whole request with its code, since the spec
 * (§4.9.2) has one error for the whole reply: an item naming an absent device (or one
 * restarting) fails it with DEVICE_NOT_FOUND — unverified on hardware. The request log's
 * `detail` names the item.
 */
export function handleMultiInfo(site: SimInstallation, msg: ScomMessage, enabled: boolean): Reply {
  if (!enabled) return fail(XCOM, E.SERVICE_NOT_SUPPORTED);
  if (msg.serviceId === WRITE) return fail(XCOM, E.PROPERTY_IS_READ_ONLY);
  if (msg.objectId !== 1) return fail(XCOM, E.OBJECT_ID_NOT_FOUND);
  const data = msg.propertyData;
  const count = data.length / 3;
  if (data.length === 0 || !Number.isInteger(count) || count > MULTI_INFO_MAX_ITEMS) return fail(XCOM, E.INVALID_DATA_LENGTH);
  const items: MultiInfoResponseItem[] = [];
  for (let at = 0; at < data.length; at += 3) {
    const infoId = (data[at] as number) | ((data[at + 1] as number) << 8);
    const aggregation = data[at + 2] as number;
    const item = `item ${at / 3 + 1} of ${count} ({${infoId}}, aggregation 0x${aggregation.toString(16).padStart(2, '0')})`;
    const family = familyOfInfo(site, infoId);
    if (family === undefined) return fail(XCOM, E.OBJECT_ID_NOT_FOUND, `${item}: no family has this info`);
    const all = site.devicesOf(family);
    if (all.length > 0 && !all[0]?.infos.has(infoId)) return fail(XCOM, E.OBJECT_ID_NOT_FOUND, `${item}: no ${family} info {${infoId}}`);
    const result = aggregate(site, family, all.filter((d) => site.answers(d)), infoId, aggregation);
    if ('code' in result) return fail(XCOM, result.code, `${item}: ${result.why}`);
    items.push({ infoId, aggregation, value: result.value });
  }
  const present = (family: Family): boolean => site.devicesOf(family).some((d) => site.answers(d));
  const flags = encodeMultiInfoFlags({
    serviceVersion: 0,
    isXcomGsm: false,
    xtenderPresent: present('xtender'),
    bspPresent: present('bsp') || present('bms'),
    varioTrackPresent: present('variotrack'),
    varioStringPresent: present('variostring'),
  });
  return ok(XCOM, encodeMultiInfoResponse({ flags, timestamp: site.localSeconds(), items }));
}
