/**
 * The service layer (spec §4): READ_PROPERTY and WRITE_PROPERTY requests and responses, and
 * error responses carrying a 2-byte Scom error code.
 * @module
 */
import { XcomProtocolError, XcomValidationError } from '../errors.js';
import { encodeFrame, type Frame } from './frame.js';

/** Size of the service header: flags, service id, object type, object id, property id. */
export const SERVICE_HEADER_SIZE = 10;
/** Service 1: read a property. */
export const SERVICE_READ = 0x01;
/** Service 2: write a property. */
export const SERVICE_WRITE = 0x02;

const FLAG_ERROR = 0x01;
const FLAG_RESPONSE = 0x02;

/** The frame data of a request or response, decoded. */
export interface ServiceData {
  /** Service flags bit 1: this is a response. */
  readonly isResponse: boolean;
  /** Service flags bit 0: the response reports an error; `propertyData` is its 2-byte code. */
  readonly isError: boolean;
  /** 1 READ_PROPERTY, 2 WRITE_PROPERTY. */
  readonly serviceId: number;
  /** 1 user info, 2 parameter, 3 message, 4 GUID, 5 datalog field, 10 multi-info, … */
  readonly objectType: number;
  /** The datapoint number, message index, or 1 for multi-info. */
  readonly objectId: number;
  /** The property (1 info value, 5 flash value, 13 RAM value, …). */
  readonly propertyId: number;
  /** The value written or read, the multi-info list, or the error code. */
  readonly propertyData: Uint8Array;
}

/** Everything that addresses one property of one object. */
export interface PropertyAddress {
  /** 1 READ_PROPERTY, 2 WRITE_PROPERTY. */
  readonly serviceId: number;
  /** The object type. */
  readonly objectType: number;
  /** The object id. */
  readonly objectId: number;
  /** The property id. */
  readonly propertyId: number;
}

function checkUint(value: number, max: number, field: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new XcomValidationError(`${field} must be an integer between 0 and ${max}, got ${value}`, field);
  }
}

/** Encodes the frame data of a service request or response. */
export function encodeService(service: ServiceData): Uint8Array {
  checkUint(service.serviceId, 0xff, 'serviceId');
  checkUint(service.objectType, 0xffff, 'objectType');
  checkUint(service.objectId, 0xffffffff, 'objectId');
  checkUint(service.propertyId, 0xffff, 'propertyId');
  const out = new Uint8Array(SERVICE_HEADER_SIZE + service.propertyData.length);
  const view = new DataView(out.buffer);
  out[0] = (service.isResponse ? FLAG_RESPONSE : 0) | (service.isError ? FLAG_ERROR : 0);
  out[1] = service.serviceId;
  view.setUint16(2, service.objectType, true);
  view.setUint32(4, service.objectId, true);
  view.setUint16(8, service.propertyId, true);
  out.set(service.propertyData, SERVICE_HEADER_SIZE);
  return out;
}

/** Decodes frame data into its service fields; fewer than 10 bytes throws {@link XcomProtocolError}. */
export function decodeService(data: Uint8Array): ServiceData {
  if (data.length < SERVICE_HEADER_SIZE) {
    throw new XcomProtocolError(`frame data of ${data.length} bytes is shorter than a service header`);
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const flags = data[0] as number;
  return {
    isResponse: (flags & FLAG_RESPONSE) !== 0,
    isError: (flags & FLAG_ERROR) !== 0,
    serviceId: data[1] as number,
    objectType: view.getUint16(2, true),
    objectId: view.getUint32(4, true),
    propertyId: view.getUint16(8, true),
    propertyData: data.subarray(SERVICE_HEADER_SIZE),
  };
}

/** The Scom error code of an error response; throws {@link XcomProtocolError} if not 2 bytes. */
export function errorCodeOf(service: ServiceData): number {
  const data = service.propertyData;
  if (data.length !== 2) {
    throw new XcomProtocolError(`an error response carries a 2-byte code, this one carries ${data.length} bytes`);
  }
  return (data[0] as number) | ((data[1] as number) << 8);
}

/** A request as the DTE sends it: addresses, the property and its data. */
export interface RequestFields extends PropertyAddress {
  /** Source address; defaults to 1, the DTE. */
  readonly srcAddr?: number;
  /** Destination address (101 Xtender 1, 501 the Xcom-232i, …). */
  readonly dstAddr: number;
  /** The value to write, or the multi-info list; empty for a plain read. */
  readonly propertyData?: Uint8Array;
}

/** Encodes a whole request frame (frame flags 0). */
export function encodeRequest(request: RequestFields): Uint8Array {
  return encodeFrame({
    flags: 0,
    srcAddr: request.srcAddr ?? 1,
    dstAddr: request.dstAddr,
    data: encodeService({
      isResponse: false,
      isError: false,
      serviceId: request.serviceId,
      objectType: request.objectType,
      objectId: request.objectId,
      propertyId: request.propertyId,
      propertyData: request.propertyData ?? new Uint8Array(0),
    }),
  });
}

/** A response as a device sends it. */
export interface ResponseFields extends PropertyAddress {
  /** Frame flags of the response (message pending, SD card, …). */
  readonly flags?: number;
  /** The answering device. */
  readonly srcAddr: number;
  /** The requester (the request's source). */
  readonly dstAddr: number;
  /** The value read (empty for a write acknowledgement). */
  readonly propertyData?: Uint8Array;
}

/** Encodes a whole successful response frame. */
export function encodeResponse(response: ResponseFields): Uint8Array {
  return encodeFrame({
    flags: response.flags ?? 0,
    srcAddr: response.srcAddr,
    dstAddr: response.dstAddr,
    data: encodeService({
      isResponse: true,
      isError: false,
      serviceId: response.serviceId,
      objectType: response.objectType,
      objectId: response.objectId,
      propertyId: response.propertyId,
      propertyData: response.propertyData ?? new Uint8Array(0),
    }),
  });
}

/** Encodes a whole error response frame carrying `errorCode`. */
export function encodeErrorResponse(response: Omit<ResponseFields, 'propertyData'>, errorCode: number): Uint8Array {
  checkUint(errorCode, 0xffff, 'errorCode');
  return encodeFrame({
    flags: response.flags ?? 0,
    srcAddr: response.srcAddr,
    dstAddr: response.dstAddr,
    data: encodeService({
      isResponse: true,
      isError: true,
      serviceId: response.serviceId,
      objectType: response.objectType,
      objectId: response.objectId,
      propertyId: response.propertyId,
      propertyData: Uint8Array.of(errorCode & 0xff, errorCode >>> 8),
    }),
  });
}

/** A frame with its service layer decoded: what both ends of a link exchange. */
export interface ScomMessage extends ServiceData {
  /** The frame flags byte. */
  readonly flags: number;
  /** Source address. */
  readonly srcAddr: number;
  /** Destination address. */
  readonly dstAddr: number;
}

/** Decodes the service layer of a validated frame; malformed data throws {@link XcomProtocolError}. */
export function decodeMessage(frame: Frame): ScomMessage {
  return { flags: frame.flags, srcAddr: frame.srcAddr, dstAddr: frame.dstAddr, ...decodeService(frame.data) };
}
