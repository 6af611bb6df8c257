// Installed without MQTT.js (an optional peer dependency): the bridge's entry loads, and only
// starting a bridge fails, with the error that gives the install command. ESM and CommonJS.
import { createRequire } from 'node:module';
import { startBridge } from 'xcom-ts/mqtt';

const require = createRequire(import.meta.url);
const cjs = require('xcom-ts/mqtt');
for (const [how, start] of [['esm', startBridge], ['cjs', cjs.startBridge]]) {
  const error = await start({ url: 'udp://127.0.0.1:9', broker: 'mqtt://127.0.0.1:1883' }).then(() => undefined, (e) => e);
  if (error?.code !== 'MODULE_MISSING' || !String(error.message).includes('npm install mqtt')) {
    throw new Error(`${how}: expected MODULE_MISSING giving "npm install mqtt", got ${error?.code}: ${error?.message}`);
  }
  console.log(`no-mqtt (${how}): startBridge fails as expected: ${error.message}`);
}
