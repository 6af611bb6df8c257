/**
 * The Scom responder: one decoded request frame in, the bytes of the reply out (or nothing),
 * as the Xcom-232i and the devices behind it would answer.
 * @module
 */
import { SCOM_ERRORS as E } from '../constants.js';
import { XcomValidationError } from '../errors.js';
import { MULTICAST_ADDRESSES } from '../catalogue/families.js';
import { copyBytes } from '../protocol/bytes.js';
import type { Frame } from '../protocol/frame.js';
import {
  decodeMessage,
  encodeErrorResponse,
  encodeResponse,
  SERVICE_HEADER_SIZE,
  type ResponseFields,
  type ScomMessage,
} from '../protocol/service.js';
import { handleDatapoint, type Target } from './datapoint-handler.js';
import { handleScreen, type ScreenAnswer } from './screen-object.js';
import { FileTransfer } from './file-transfer.js';
import { handleDatalogField, handleGuid, handleMessage, handleMultiInfo } from './gateway-objects.js';
import type { SimInstallation } from './installation.js';
import { fail, type Reply } from './reply.js';
import { RequestLog, type RequestRecord } from './request-log.js';
import { supportsMultiInfo } from './device-identity.js';
import type { SimDevice } from './sim-device.js';

/** Options of a {@link ScomResponder}. */
export interface ResponderOptions {
  /**
   * How a read at a multicast address (100, 300, 600, 700) is answered: with the master's
   * value, as real gateways do (`'master'`, default), or with the spec's
   * SCOM_ERROR_MULTICAST_READ_NOT_SUPPORTED (`'error'`). Phase addresses 191–193 always
   * answer with the phase master's value.
   */
  readonly multicastRead?: 'master' | 'error';
  /**
   * Whether multi-info reads are served (default true); false answers SERVICE_NOT_SUPPORTED,
   * like firmware before 1.6.74 (an Xcom-232i whose `softwareVersion` is older refuses them anyway).
   */
  readonly multiInfo?: boolean;
  /**
   * Whether parameters answer property 13 (the RAM value; default true). False imitates
   * firmware before 1.6.12 on every device, which answers PROPERTY_NOT_SUPPORTED, so that
   * clients can test their fallback to property 5 (a device whose software version is older
   * refuses it anyway).
   */
  readonly ramProperty?: boolean;
  /**
   * How screen reads (object type 0x0100) are answered: `'raw'` (default), the 1024-byte
   * bitmap real gateways send; `'rle'`, the spec's run-length form; `false`, not at all
   * (SCOM_ERROR_OBJECT_NOT_SUPPORTED, as a gateway without the screen object).
   */
  readonly screen?: ScreenAnswer;
  /** The request log to append to (default a new one). */
  readonly log?: RequestLog;
}

/** The phase addresses 191–193: all inverters of L1, L2, L3. */
const isPhase = (dst: number): boolean => dst >= 191 && dst <= 193;
const XCOM = 501;
/** Shared by every empty property data the responder holds: nothing can be written into it. */
const NO_DATA = new Uint8Array(0);

/**
 * Answers Scom requests for a {@link SimInstallation}: every frame a transport decodes goes
 * to {@link ScomResponder.respond}, which returns the reply's bytes, or `undefined` when the
 * hardware would stay silent (a response frame, i.e. someone else's traffic).
 *
 * @example
 * ```ts
 * const responder = new ScomResponder(new SimInstallation());
 * const reply = responder.respond(decodeFrame(fromHex('aa 00 01 00 00 00 65 00 00 00 0a 00 6f 71 00 01 01 00 b8 0b 00 00 01 00 c5 90')));
 * ```
 */
export class ScomResponder {
  /** The installation answered for. */
  readonly installation: SimInstallation;
  /** Every request received, oldest first. */
  readonly log: RequestLog;
  private readonly multicastRead: 'master' | 'error';
  private readonly multiInfo: boolean;
  private readonly ramProperty: boolean;
  private readonly screen: ScreenAnswer;
  /** The gateway's file transfer (object type 0x0101) from the installation's SD card. */
  private readonly transfer: FileTransfer;

  /**
   * @param installation the devices that answer
   * @param options multicast read behaviour, multi-info support, the log
   */
  constructor(installation: SimInstallation, options: ResponderOptions = {}) {
    this.installation = installation;
    this.log = options.log ?? new RequestLog();
    this.multicastRead = options.multicastRead ?? 'master';
    const xcom = installation.device(XCOM);
    this.multiInfo = (options.multiInfo ?? true) && (xcom === undefined || supportsMultiInfo(xcom.identity.software));
    this.ramProperty = options.ramProperty ?? true;
    this.screen = options.screen ?? 'raw';
    if (this.screen !== 'raw' && this.screen !== 'rle' && this.screen !== false) {
      throw new XcomValidationError(`screen must be 'raw', 'rle' or false, got ${JSON.stringify(this.screen)}`, 'screen');
    }
    this.transfer = new FileTransfer(installation.sdCard);
  }

  /**
   * Answers one validated frame received through `endpoint`; `undefined` means stay silent.
   * `refusal`, a Scom error code, refuses the request with it instead of serving it (a fault:
   * GATEWAY_BUSY on demand).
   */
  respond(frame: Frame, endpoint = 'direct', refusal?: number): Uint8Array | undefined {
    const site = this.installation;
    const atMs = site.now();
    if (!site.gatewayAnswers()) {
      // The Xcom-232i is restarting ({5121}): nobody is there to answer.
      this.record(atMs, endpoint, frame, undefined, 'unanswered');
      return undefined;
    }
    if (frame.data.length < SERVICE_HEADER_SIZE) {
      // Too short to echo anything: an INVALID_FRAME error with an empty service header.
      this.record(atMs, endpoint, frame, undefined, 'error', E.INVALID_FRAME);
      return encodeErrorResponse(
        { flags: site.frameFlags(), srcAddr: frame.dstAddr, dstAddr: frame.srcAddr, serviceId: 0, objectType: 0, objectId: 0, propertyId: 0 },
        E.INVALID_FRAME,
      );
    }
    const msg = decodeMessage(frame);
    if (msg.isResponse) {
      this.record(atMs, endpoint, frame, msg, 'ignored');
      return undefined;
    }
    // While the Xcom-232i saves the datalog, every request is refused (spec §4.7).
    const busy = refusal ?? (site.gatewayBusy() ? E.SCOM_ERROR_GATEWAY_BUSY : undefined);
    const reply = busy === undefined ? this.dispatch(msg) : fail(msg.dstAddr, busy, refusal === undefined ? 'saving the datalog' : 'fault');
    const fields: ResponseFields = {
      flags: site.frameFlags(),
      srcAddr: reply.srcAddr,
      dstAddr: msg.srcAddr,
      serviceId: msg.serviceId,
      objectType: msg.objectType,
      objectId: msg.objectId,
      propertyId: reply.ok ? (reply.propertyId ?? msg.propertyId) : msg.propertyId,
      propertyData: reply.ok ? reply.data : NO_DATA,
    };
    if (reply.ok) {
      this.record(atMs, endpoint, frame, msg, 'ok');
      return encodeResponse(fields);
    }
    this.record(atMs, endpoint, frame, msg, 'error', reply.code, reply.detail);
    return encodeErrorResponse(fields, reply.code);
  }

  private dispatch(msg: ScomMessage): Reply {
    const dst = msg.dstAddr;
    const site = this.installation;
    const target = this.target(dst);
    if (target === undefined) return fail(dst, E.DEVICE_NOT_FOUND);
    if (msg.serviceId !== 0x01 && msg.serviceId !== 0x02) return fail(dst, E.SERVICE_NOT_SUPPORTED);
    switch (msg.objectType) {
      case 0x01:
      case 0x02:
        if (target.group && msg.serviceId === 0x01 && !isPhase(dst) && this.multicastRead === 'error') {
          return fail(dst, E.SCOM_ERROR_MULTICAST_READ_NOT_SUPPORTED);
        }
        if (msg.objectType === 0x02 && msg.propertyId === 0x0d && !this.answersRamProperty(target, msg.serviceId === 0x02)) {
          return fail(msg.serviceId === 0x02 ? target.writeSrc : target.readSrc, E.PROPERTY_NOT_SUPPORTED);
        }
        return handleDatapoint(site, msg, target);
      case 0x03:
      case 0x04:
      case 0x05:
      case 0x0a:
        if (dst !== XCOM) return fail(dst, E.TYPE_NOT_SUPPORTED);
        if (msg.objectType === 0x03) return handleMessage(site, msg);
        if (msg.objectType === 0x04) return handleGuid(site, msg);
        if (msg.objectType === 0x05) return handleDatalogField(site, msg);
        return handleMultiInfo(site, msg, this.multiInfo);
      case 0x0100:
        if (dst !== XCOM) return fail(dst, E.TYPE_NOT_SUPPORTED);
        return handleScreen(site, msg, this.screen);
      case 0x0101:
        if (dst !== XCOM) return fail(dst, E.TYPE_NOT_SUPPORTED);
        if (!site.datalogSupported) return fail(dst, E.SCOM_ERROR_OBJECT_NOT_SUPPORTED);
        return this.transfer.handle(msg);
      default:
        return fail(dst, E.TYPE_NOT_SUPPORTED);
    }
  }

  /** Whether property 13 is served: a read needs the master's firmware to know it, a write every unit's. */
  private answersRamProperty(target: Target, isWrite: boolean): boolean {
    if (!this.ramProperty) return false;
    return isWrite ? target.devices.every((d) => d.ramProperty) : target.master.ramProperty;
  }

  /** The devices an address reaches, or `undefined` when no device answers to it (restarting units do not). */
  private target(dst: number): Target | undefined {
    const site = this.installation;
    const device = site.device(dst);
    if (device !== undefined) {
      return site.answers(device) ? { devices: [device], master: device, writeSrc: dst, readSrc: dst, group: false } : undefined;
    }
    let devices: SimDevice[] = [];
    if (isPhase(dst)) devices = site.devicesOf('xtender').filter((d) => d.phase === dst - 190 && site.answers(d));
    else {
      const families = MULTICAST_ADDRESSES.get(dst);
      if (families !== undefined) devices = site.devices.filter((d) => families.includes(d.family) && site.answers(d));
    }
    const master = devices[0];
    if (master === undefined) return undefined;
    return { devices, master, writeSrc: dst, readSrc: master.address, group: true };
  }

  private record(
    atMs: number,
    endpoint: string,
    frame: Frame,
    msg: ScomMessage | undefined,
    outcome: RequestRecord['outcome'],
    errorCode?: number,
    detail?: string,
  ): void {
    const data = msg?.propertyData ?? frame.data;
    const record: RequestRecord = {
      atMs,
      endpoint,
      srcAddr: frame.srcAddr,
      dstAddr: frame.dstAddr,
      serviceId: msg?.serviceId ?? 0,
      objectType: msg?.objectType ?? 0,
      objectId: msg?.objectId ?? 0,
      propertyId: msg?.propertyId ?? 0,
      // A copy, so that the log does not change if the caller reuses the frame's bytes.
      propertyData: data.length === 0 ? NO_DATA : copyBytes(data, 0, data.length),
      outcome,
    };
    // Spread only when there is something to add: the common record keeps one shape.
    if (errorCode === undefined && detail === undefined) this.log.add(record);
    else this.log.add({ ...record, ...(errorCode === undefined ? {} : { errorCode }), ...(detail === undefined ? {} : { detail }) });
  }
}
