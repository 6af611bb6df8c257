// Requires the installed package as CommonJS and reads a value from its own simulator.
const { XcomClient, XcomP, XcomC } = require('xcom-ts');
const { startSimulator } = require('xcom-ts/simulator');
const { FrameDecoder, encodeRequest } = require('xcom-ts/protocol');

(async () => {
  if (XcomC.QSP_VALUE !== 5) throw new Error('XcomC is not the package');
  const frames = new FrameDecoder().push(encodeRequest({ dstAddr: 101, serviceId: 1, objectType: 1, objectId: 3000, propertyId: 1 }));
  if (frames.length !== 1) throw new Error('xcom-ts/protocol did not decode its own frame');
  const sim = await startSimulator({ tcpListen: { port: 0 } });
  const url = sim.connectionUrls()[0];
  const xcom = await XcomClient.connect(url);
  try {
    const soc = await xcom.getValue(XcomP.BATT_SOC);
    if (typeof soc !== 'number') throw new Error('no SOC');
    console.log(`cjs: state of charge ${soc.toFixed(1)} % over ${url}`);
  } finally {
    await xcom.close();
    await sim.close();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
