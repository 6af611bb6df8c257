import { describe, expect, it } from 'vitest';
import { XcomValidationError } from '../../src/errors.js';
import { openTransport } from '../../src/transport/open-transport.js';
import { SerialTransport } from '../../src/transport/serial-transport.js';
import { TcpClientTransport } from '../../src/transport/tcp-client-transport.js';
import { TcpServerTransport } from '../../src/transport/tcp-server-transport.js';
import { UdpTransport } from '../../src/transport/udp-transport.js';
import { bytesKey, FrameSink, REQUEST } from './helpers.js';

function fieldOf(attempt: () => unknown): string | undefined {
  try {
    attempt();
  } catch (error) {
    expect(error).toBeInstanceOf(XcomValidationError);
    return (error as XcomValidationError).field;
  }
  throw new Error('no error thrown');
}

describe('openTransport', () => {
  it('makes a UdpTransport from udp://host[:port]?localPort=…&bind=…', () => {
    const plain = openTransport('udp://192.0.2.7');
    expect(plain).toBeInstanceOf(UdpTransport);
    expect(plain.description).toBe('udp://192.0.2.7:4002');
    expect(plain.isOpen).toBe(false);
    const full = openTransport('udp://moxa.local:5002?localPort=5001&bind=127.0.0.1&idleTimeoutMs=20');
    expect(full.description).toBe('udp://moxa.local:5002');
    expect(openTransport('udp://[::1]:4002').description).toBe('udp://[::1]:4002');
  });

  it('makes a TcpClientTransport from tcp://host:port', () => {
    const link = openTransport('tcp://192.0.2.7:4001?connectTimeoutMs=1000&idleTimeoutMs=100');
    expect(link).toBeInstanceOf(TcpClientTransport);
    expect(link.description).toBe('tcp://192.0.2.7:4001');
    expect(openTransport('tcp://moxa').description).toBe('tcp://moxa:4001');
  });

  it('makes a TcpServerTransport from tcp-listen://[host]:port?allow=a,b', () => {
    const any = openTransport('tcp-listen://:4001?allow=192.0.2.7,192.0.2.8');
    expect(any).toBeInstanceOf(TcpServerTransport);
    expect(any.description).toBe('tcp-listen://0.0.0.0:4001');
    expect(openTransport('tcp-listen://127.0.0.1:5001').description).toBe('tcp-listen://127.0.0.1:5001');
    expect(openTransport('tcp-listen://').description).toBe('tcp-listen://0.0.0.0:4001');
  });

  it('makes a SerialTransport from serial:///dev/ttyUSB0?baudRate=…&parity=…', () => {
    const link = openTransport('serial:///dev/ttyUSB0?baudRate=115200&parity=none');
    expect(link).toBeInstanceOf(SerialTransport);
    expect(link.description).toBe('serial:///dev/ttyUSB0@115200-8N1');
    expect(openTransport('serial:///dev/ttyUSB0').description).toBe('serial:///dev/ttyUSB0@38400-8E1');
    expect(openTransport('SERIAL://COM3?dataBits=7&stopBits=2&parity=odd').description).toBe('serial://COM3@38400-7O2');
    expect(openTransport('serial:///dev/serial/by-id/usb-FTDI%20x-if00').description).toContain('/dev/serial/by-id/usb-FTDI x-if00');
  });

  it('lets overrides win over the URL and ignores those of other transports', () => {
    expect(openTransport('udp://192.0.2.7:4002', { port: 6000, baudRate: 9600 }).description).toBe('udp://192.0.2.7:6000');
    expect(openTransport('serial:///dev/ttyUSB0?baudRate=9600', { baudRate: 115200 }).description).toBe(
      'serial:///dev/ttyUSB0@115200-8E1',
    );
  });

  it('rejects bad URLs and options with XcomValidationError naming the option', () => {
    expect(fieldOf(() => openTransport('192.0.2.7'))).toBe('url');
    expect(fieldOf(() => openTransport('http://192.0.2.7'))).toBe('url');
    expect(fieldOf(() => openTransport(42 as never))).toBe('url');
    expect(fieldOf(() => openTransport('udp://'))).toBe('host');
    expect(fieldOf(() => openTransport('udp://::1:4002'))).toBe('host');
    expect(fieldOf(() => openTransport('udp://host/path'))).toBe('host');
    expect(fieldOf(() => openTransport('udp://host:abc'))).toBe('port');
    expect(fieldOf(() => openTransport('udp://host:'))).toBe('port');
    expect(fieldOf(() => openTransport('udp://host:70000'))).toBe('port');
    expect(fieldOf(() => openTransport('udp://host?localPort=x'))).toBe('localPort');
    expect(fieldOf(() => openTransport('udp://host?localport=4001'))).toBe('localport');
    expect(fieldOf(() => openTransport('tcp://host:4001?allow=1.2.3.4'))).toBe('allow');
    expect(fieldOf(() => openTransport('tcp://host:4001?connectTimeoutMs=0'))).toBe('connectTimeoutMs');
    expect(fieldOf(() => openTransport('tcp-listen://:4001?allow=moxa'))).toBe('allow');
    expect(fieldOf(() => openTransport('serial://'))).toBe('path');
    expect(fieldOf(() => openTransport('serial:///dev/ttyUSB0?baudRate=fast'))).toBe('baudRate');
    expect(fieldOf(() => openTransport('serial:///dev/ttyUSB0?parity=EVEN'))).toBe('parity');
    expect(fieldOf(() => openTransport('serial:///dev/ttyUSB0?dataBits=9'))).toBe('dataBits');
    expect(fieldOf(() => openTransport('serial:///dev/ttyUSB0?bogus=1'))).toBe('bogus');
    expect(fieldOf(() => openTransport('serial:///dev/%E0%A4%A'))).toBe('path');
  });

  it('gives a transport that works once opened (tcp-listen ↔ tcp over loopback)', async () => {
    const server = openTransport('tcp-listen://127.0.0.1:0');
    await server.open();
    const port = (server as TcpServerTransport).localPort;
    const client = openTransport(`tcp://127.0.0.1:${port}`);
    try {
      await client.open();
      const sink = new FrameSink(server);
      await client.send(REQUEST);
      expect(await sink.take(1)).toEqual([bytesKey(REQUEST)]);
    } finally {
      await client.close();
      await server.close();
    }
  });
});
