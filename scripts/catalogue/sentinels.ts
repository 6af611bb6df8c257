/**
 * The values the appendix documents as not being readings ("no sensor : return ~32767 °C"),
 * read from the remarks and enum labels of the transcription. Every remark that speaks of a
 * special value is either read by a rule here or listed, with the reason, as not a sentinel:
 * a remark of a newer appendix that is neither stops the generator, so none slips through.
 * @module
 */
import type { Sentinel } from '../../src/catalogue/types.js';
import type { DatapointRecord } from './appendix-data.js';
import { keyOf } from './names.js';

/** A phrase of a remark and the sentinel it documents. */
interface RemarkRule {
  /** Where the appendix says it, for the reader of this file. */
  readonly example: string;
  readonly pattern: RegExp;
  readonly sentinel: (match: RegExpExecArray) => Sentinel;
}

const REMARK_RULES: readonly RemarkRule[] = [
  {
    // "~": the firmware reports the sensor's empty 16-bit word (0x7FFF) as a temperature.
    example: 'Xtender {3001}: "no sensor : return ~32767 °C"',
    pattern: /\bno sensor\s*:\s*return\s*~\s*(\d+)/i,
    sentinel: (m) => ({ match: 'approx', value: Number(m[1]), meaning: 'no sensor' }),
  },
  {
    // BSP manual: "During charging, this value is undetermined."
    example: 'BSP {7004}: "… in charge, always NAN"',
    pattern: /\bin charge,\s*always NAN\b/i,
    sentinel: () => ({ match: 'nan', meaning: 'charging' }),
  },
  {
    // From BSP firmware 1.5.6 on the value is a constant, not a measurement.
    example: 'BSP {7006}: "deprecated, return 100 % in version >= 1.5.6"',
    pattern: /\bdeprecated,\s*return\s+(\d+(?:\.\d+)?)\b/i,
    sentinel: (m) => ({ match: 'exact', value: Number(m[1]), meaning: 'deprecated' }),
  },
];

/** An enum label that says the value is none of the states (Xtender {3010}, {3028}, {3054}…). */
const INVALID_LABEL = /^invalid value$/i;

/** Words of a remark that may announce a special value: such a remark must be classified. */
const SUSPECT = /\b(return(s|ed)?|always|NaN|sensor|invalid|not available|deprecated|indicat\w*|unknown|undefined|no value)\b/i;

/**
 * Remarks that use a {@link SUSPECT} word but document no value that stands for "no reading",
 * by `family/id`, with the reason.
 */
const NOT_SENTINELS: Readonly<Record<string, string>> = {
  'xtender/3028':
    '"Only in CSV file, the value 6 indicate that the xtender is off": 6 is never answered over Scom (CSV log only), ' +
    'and "off" is a state, not a missing reading.',
};

/** A remark's own spelling of an "Invalid value" label ("0: Invalid value"). */
const INVALID_IN_REMARK = /\b\d+\s*[:=]\s*Invalid value\b/gi;

/** The sentinels a remark documents, by the rules. */
function fromRemark(remark: string): Sentinel[] {
  const found: Sentinel[] = [];
  for (const rule of REMARK_RULES) {
    const match = rule.pattern.exec(remark);
    if (match !== null) found.push(rule.sentinel(match));
  }
  return found;
}

/**
 * Throws when a remark speaks of a special value that no rule read, that is not the label list
 * spelt out (its "Invalid value" is read from the label), and that {@link NOT_SENTINELS} does not
 * list.
 */
function checkClassified(dp: DatapointRecord, fromRules: number, fromLabels: number): void {
  if (dp.remark === undefined || fromRules > 0 || NOT_SENTINELS[keyOf(dp)] !== undefined) return;
  const rest = fromLabels > 0 ? dp.remark.replace(INVALID_IN_REMARK, '') : dp.remark;
  if (!SUSPECT.test(rest)) return;
  throw new Error(
    `${keyOf(dp)}: the remark "${dp.remark}" may document a value that is not a reading: ` +
      'read it with a rule in scripts/catalogue/sentinels.ts or list it there as not a sentinel',
  );
}

/**
 * The documented sentinels of a datapoint: those its remark states, then its "Invalid value"
 * label. Throws when a remark speaks of a special value that is not accounted for.
 */
export function sentinelsOf(dp: DatapointRecord): Sentinel[] {
  const fromRules = dp.remark === undefined ? [] : fromRemark(dp.remark);
  const fromLabels: Sentinel[] = (dp.labels ?? [])
    .filter((label) => INVALID_LABEL.test(label.label))
    .map((label) => ({ match: 'exact', value: label.value, meaning: 'invalid value' }));
  checkClassified(dp, fromRules.length, fromLabels.length);
  return [...fromRules, ...fromLabels];
}

/** Checks that every remark listed as not a sentinel is still in the appendix, and still says so. */
export function checkNotSentinels(datapoints: readonly DatapointRecord[]): void {
  for (const key of Object.keys(NOT_SENTINELS)) {
    const dp = datapoints.find((d) => keyOf(d) === key);
    if (dp?.remark === undefined || !SUSPECT.test(dp.remark)) {
      throw new Error(`${key} is listed as "not a sentinel" in scripts/catalogue/sentinels.ts but has no such remark any more`);
    }
  }
}
