import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { XCOM_PROTO_ALIASES, XcomP, findDatapoint, objectTypeOf, type Datapoint } from '../../src/index.js';

const points = XcomP as unknown as Record<string, Datapoint>;
const TSV = fileURLToPath(new URL('../../../shared/reference/xcom-proto-datapoints.tsv', import.meta.url));

describe('xcom-proto aliases', () => {
  it('are the same objects as the generated names', () => {
    expect(Object.keys(XCOM_PROTO_ALIASES)).toHaveLength(45);
    // VS_PV_POWER is also the generated name of 15010 "PV power".
    expect(XCOM_PROTO_ALIASES['VS_PV_POWER']).toBe('VS_PV_POWER');
    for (const [alias, name] of Object.entries(XCOM_PROTO_ALIASES)) {
      expect(points[alias], alias).toBe(points[name]);
    }
  });

  it('carry the appendix units and object types', () => {
    expect(XcomP.PV_POWER).toMatchObject({ id: 11043, unit: 'kW', kind: 'info' });
    expect(XcomP.FORCE_NEW_CYCLE).toMatchObject({ id: 10029, kind: 'parameter', format: 'INT32' });
    expect(objectTypeOf(XcomP.FORCE_NEW_CYCLE)).toBe(2);
    expect(XcomP.BATT_SOC).toMatchObject({ id: 7032, family: 'bsp', unit: '%' });
    expect(XcomP.SMART_BOOST_LIMIT).toMatchObject({ id: 1607, unit: '%', kind: 'parameter' });
    expect(XcomP.AC_VOLTAGE_IN).toMatchObject({ id: 3011, unit: 'Vac', valueUnit: 'V' });
    expect(XcomP.USER_LEVEL).toBe(XcomP.RCC_USER_LEVEL);
    expect(XcomP.VS_PV_POWER).toBe(findDatapoint(15010));
  });

  it('table (snapshot)', () => {
    const table = Object.entries(XCOM_PROTO_ALIASES).map(([alias, name]) => `${alias} = ${name} (${points[name]!.family} ${points[name]!.id})`);
    expect(table).toMatchSnapshot();
  });

  // xcom-proto's table as the lead transcribed it (reference material, read when present): the
  // numbers and kinds must agree; its units are the appendix's "Unit" column for infos.
  it.skipIf(!existsSync(TSV))('agree with the xcom-proto table in ../shared/reference', () => {
    const rows = readFileSync(TSV, 'utf8').trim().split('\n').slice(1);
    expect(rows).toHaveLength(45);
    for (const row of rows) {
      const [alias, number, kind, format, unit] = row.split('\t') as [string, string, string, string, string];
      const dp = points[alias];
      expect(dp, alias).toBeDefined();
      expect(dp!.id, alias).toBe(Number(number));
      expect(dp!.kind, alias).toBe(kind === 'info' ? 'info' : 'parameter');
      expect(dp!.valueUnit ?? dp!.unit, alias).toBe(unit);
      // 5012 has no format in the appendix ("Not supported"); the table keeps xcom-proto's.
      if (!dp!.notSupported) expect(dp!.format, alias).toBe(format);
    }
  });
});
