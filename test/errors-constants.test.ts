import { describe, expect, it } from 'vitest';
import {
  SCOM_ERRORS,
  scomErrorMeaning,
  scomErrorName,
  XcomC,
  XcomDeviceError,
  XcomError,
  XcomProtocolError,
  XcomTimeoutError,
  XcomTransportError,
  XcomValidationError,
} from '../src/index.js';

describe('errors', () => {
  it('every error extends Error and XcomError with a stable code and its cause', () => {
    const cause = new Error('root');
    const errors: XcomError[] = [
      new XcomValidationError('bad', 'value', { cause }),
      new XcomProtocolError('malformed', { cause }),
      new XcomTimeoutError('late', 2000, 3, { cause }),
      new XcomTransportError('CLOSED', 'closed', { cause }),
      new XcomDeviceError(0x22, 'OBJECT_ID_NOT_FOUND', 'not found', { cause }),
    ];
    expect(errors.map((e) => e.code)).toEqual(['VALIDATION', 'PROTOCOL', 'TIMEOUT', 'CLOSED', 'OBJECT_ID_NOT_FOUND']);
    for (const e of errors) {
      expect(e).toBeInstanceOf(Error);
      expect(e).toBeInstanceOf(XcomError);
      expect(e.cause).toBe(cause);
      expect(e.name).toBe(e.constructor.name);
    }
    expect((errors[4] as XcomDeviceError).scomCode).toBe(0x22);
    expect((errors[0] as XcomValidationError).field).toBe('value');
    expect(new XcomProtocolError('x').cause).toBeUndefined();
  });
});

describe('XcomC', () => {
  it('keeps the xcom-proto names and values', () => {
    expect(XcomC).toMatchObject({
      TYPE_BOOL: 'BOOL',
      TYPE_SINT: 'INT32',
      TYPE_FLOAT: 'FLOAT',
      TYPE_SHORT_ENUM: 'SHORT_ENUM',
      TYPE_LONG_ENUM: 'LONG_ENUM',
      TYPE_STRING: 'STRING',
      TYPE_BYTES: 'BYTE_STREAM',
      TYPE_INFO: 1,
      TYPE_PARAMETER: 2,
      TYPE_MESSAGE: 3,
      TYPE_GUID: 4,
      TYPE_DATALOG: 5,
      QSP_VALUE: 5,
      QSP_MIN: 6,
      QSP_MAX: 7,
      QSP_LEVEL: 8,
      QSP_UNSAVED_VALUE: 13,
      QSP_LEVEL_VIEW_ONLY: 0x00,
      QSP_LEVEL_BASIC: 0x10,
      QSP_LEVEL_EXPERT: 0x20,
      QSP_LEVEL_INSTALLER: 0x30,
      QSP_LEVEL_QSP: 0x40,
    });
  });

  it('names error codes as the spec does, SCOM_ERROR_ prefixes included', () => {
    expect(SCOM_ERRORS.SCOM_ERROR_GATEWAY_BUSY).toBe(0x13);
    expect(SCOM_ERRORS.SCOM_ERROR_OBJECT_NOT_SUPPORTED).toBe(0x2c);
    expect(SCOM_ERRORS.SCOM_ERROR_MULTICAST_READ_NOT_SUPPORTED).toBe(0x2d);
    expect(scomErrorName(0x22)).toBe('OBJECT_ID_NOT_FOUND');
    expect(scomErrorName(0x30)).toBe('FILE_CORRUPTED');
    expect(scomErrorName(0x99)).toBe('UNKNOWN_ERROR_0x0099');
    expect(scomErrorMeaning(0x27)).toMatch(/below the minimum/);
    expect(scomErrorMeaning(0x99)).toMatch(/unknown/);
    expect(new Set(Object.values(SCOM_ERRORS)).size).toBe(Object.keys(SCOM_ERRORS).length);
  });
});
