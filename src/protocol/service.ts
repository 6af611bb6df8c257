/**
 * The service layer (spec §4): READ_PROPERTY and WRITE_PROPERTY requests and responses, and
 * error responses carrying a 2-byte Scom error code.
 * @module
 */
import { XcomProtocolError } from '../errors.js';
import { copyBytes, readUint16LE, readUint32LE, writeUint16LE, writeUint32LE } from './bytes.js';
import type { Frame } from './frame.js';
import { HEADER_SIZE } from './frame-layout.js';
import { checkUint, copyInto, sealFrame, startFrame } from './frame-writer.js';

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

function checkServiceFields(service: PropertyAddress): void {
  checkUint(service.serviceId, 0xff, 'serviceId');
  checkUint(service.objectType, 0xffff, 'objectType');
  checkUint(service.objectId, 0xffffffff, 'objectId');
  checkUint(service.propertyId, 0xffff, 'propertyId');
}

/** Writes the service header at `at`: flags, service id, object type, object id, property id. */
function writeServiceHeader(out: Uint8Array, at: number, serviceFlags: number, service: PropertyAddress): void {
  out[at] = serviceFlags;
  out[at + 1] = service.serviceId;
  writeUint16LE(out, at + 2, service.objectType);
  writeUint32LE(out, at + 4, service.objectId);
  writeUint16LE(out, at + 8, service.propertyId);
}

/** Encodes the frame data of a service request or response. */
export function encodeService(service: ServiceData): Uint8Array {
  checkServiceFields(service);
  const out = new Uint8Array(SERVICE_HEADER_SIZE + service.propertyData.length);
  writeServiceHeader(out, 0, (service.isResponse ? FLAG_RESPONSE : 0) | (service.isError ? FLAG_ERROR : 0), service);
  copyInto(out, SERVICE_HEADER_SIZE, service.propertyData);
  return out;
}

/**
 * Property data up to this size is copied out of the frame data rather than viewed: a view
 * (`subarray`) of a small array would make V8 move that array off its heap, which costs far
 * more than copying a few bytes. Larger arrays live off the heap already, so a view is cheap.
 */
const COPY_PROPERTY_DATA_UP_TO = 64;

/** Decodes frame data into its service fields; fewer than 10 bytes throws {@link XcomProtocolError}. */
export function decodeService(data: Uint8Array): ServiceData {
  if (data.length < SERVICE_HEADER_SIZE) {
    throw new XcomProtocolError(`frame data of ${data.length} bytes is shorter than a service header`);
  }
  const flags = data[0] as number;
  return {
    isResponse: (flags & FLAG_RESPONSE) !== 0,
    isError: (flags & FLAG_ERROR) !== 0,
    serviceId: data[1] as number,
    objectType: readUint16LE(data, 2),
    objectId: readUint32LE(data, 4),
    propertyId: readUint16LE(data, 8),
    propertyData: propertyDataOf(data),
  };
}

function propertyDataOf(data: Uint8Array): Uint8Array {
  const n = data.length;
  return n <= COPY_PROPERTY_DATA_UP_TO ? copyBytes(data, SERVICE_HEADER_SIZE, n) : data.subarray(SERVICE_HEADER_SIZE);
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

const EMPTY = new Uint8Array(0);

/**
 * Encodes a whole frame carrying a service message in one allocation, checking the fields in
 * the order the separate service and frame encoders would: service fields, then frame fields.
 */
function encodeMessageFrame(flags: number, srcAddr: number, dstAddr: number, serviceFlags: number, service: PropertyAddress, propertyData: Uint8Array): Uint8Array {
  checkServiceFields(service);
  const out = startFrame(flags, srcAddr, dstAddr, SERVICE_HEADER_SIZE + propertyData.length);
  writeServiceHeader(out, HEADER_SIZE, serviceFlags, service);
  copyInto(out, HEADER_SIZE + SERVICE_HEADER_SIZE, propertyData);
  return sealFrame(out);
}

/** Encodes a whole request frame (frame flags 0). */
export function encodeRequest(request: RequestFields): Uint8Array {
  return encodeMessageFrame(0, request.srcAddr ?? 1, request.dstAddr, 0, request, request.propertyData ?? EMPTY);
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
  return encodeMessageFrame(response.flags ?? 0, response.srcAddr, response.dstAddr, FLAG_RESPONSE, response, response.propertyData ?? EMPTY);
}

/** Encodes a whole error response frame carrying `errorCode`. */
export function encodeErrorResponse(response: Omit<ResponseFields, 'propertyData'>, errorCode: number): Uint8Array {
  checkUint(errorCode, 0xffff, 'errorCode');
  const code = new Uint8Array(2);
  writeUint16LE(code, 0, errorCode);
  return encodeMessageFrame(response.flags ?? 0, response.srcAddr, response.dstAddr, FLAG_RESPONSE | FLAG_ERROR, response, code);
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
  const service = decodeService(frame.data);
  return {
    flags: frame.flags,
    srcAddr: frame.srcAddr,
    dstAddr: frame.dstAddr,
    isResponse: service.isResponse,
    isError: service.isError,
    serviceId: service.serviceId,
    objectType: service.objectType,
    objectId: service.objectId,
    propertyId: service.propertyId,
    propertyData: service.propertyData,
  };
}
