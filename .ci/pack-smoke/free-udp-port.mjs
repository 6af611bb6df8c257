// A UDP port that was free a moment ago: the simulated Xcom-LAN must know where to reply.
import { createSocket } from 'node:dgram';

export async function freeUdpPort() {
  const socket = createSocket('udp4');
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise((resolve) => socket.close(resolve));
  return port;
}
