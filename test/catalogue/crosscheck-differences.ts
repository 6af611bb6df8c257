/**
 * Where the cross-check file disagrees with the catalogue, checked against the PDF (appendix
 * V1.6.42, page numbers of the PDF). The PDF decides; each entry says what it shows. Keys are
 * `family number field`, as {@link compareWithCrosscheck} reports them.
 * @module
 */

/** One explained disagreement, possibly shared by several datapoints. */
export interface ExplainedDifference {
  /** The disagreements it explains. */
  readonly keys: readonly string[];
  /** What the PDF shows (and so the catalogue has). */
  readonly pdf: string;
}

const keys = (family: string, field: string, ids: readonly number[]): string[] => ids.map((id) => `${family} ${id} ${field}`);

/** Every known disagreement. The comparison test fails when one vanishes or a new one appears. */
export const EXPLAINED_DIFFERENCES: readonly ExplainedDifference[] = [
  // Datapoints one source has and the other lacks.
  {
    keys: ['xtender 3079 presence'],
    pdf: 'The Xtender infos table goes from 3078 to 3080 (p. 20); the appendix has no info 3079.',
  },
  {
    keys: keys('bms', 'presence', [7034, 7035, 7036, 7037, 7038, 7039, 7040, 7041, 7048, 7049, 7060]),
    pdf: 'The Xcom-CAN BMS infos table (pp. 32-33) lists 33 infos without these; they are BSP infos (pp. 29-30).',
  },
  {
    keys: keys('variotrack', 'presence', [10350, 10351]),
    pdf: 'p. 36 prints 10350 "Offset of PV voltage to start power derating" and 10351 "Battery current at PV max" (Inst., menu SYSTEM).',
  },
  {
    keys: ['variostring 15015 presence'],
    pdf: 'p. 58 prints info 15015 "PV2 operating mode" (SHORT ENUM, same labels as 15013 and 15014).',
  },

  // Values.
  {
    keys: ['xtender 1311 default'],
    pdf: 'p. 11 prints Default "1:Automatic" for 1311 Operating mode (AUX 2), as for AUX 1 (1202).',
  },
  {
    keys: [...keys('xtender', 'default', [1246, 1249, 1252, 1516, 1333, 1334, 1335, 1336, 1337, 1485])],
    pdf: 'pp. 9-10, 12 and 16 print Default "0:No" for these BOOLs (battery-voltage and event triggers of AUX 1/2, 1485 Prohibited ground relay).',
  },
  {
    keys: keys('xtender', 'max', [1622, 1623, 1624]),
    pdf: 'p. 17 prints Max "+0.1: Capacitive 0.90": the value is +0.1 (the note under the table: the range goes from -0.1 to +0.1); 0.90 is the cos phi it stands for.',
  },
  {
    keys: ['bms 6078 default'],
    pdf: 'p. 31 prints 6078 Charge current limit ratio: default 90, min 80, max 95.',
  },
  {
    keys: ['variotrack 10103 max'],
    pdf: 'p. 36 prints 10103 PV voltage fixed -> MPP: default 70, min 0, max 165.',
  },
  {
    keys: ['rcc 5002 max'],
    pdf: 'p. 24 prints 5002 Date with min 0 and max 0, as the file has; the catalogue corrects the maximum to 2147483647 (scripts/catalogue/corrections.ts), since the spec (§4.5.10) makes {5002} the real-time clock in seconds since 1970.',
  },
  {
    keys: ['rcc 5012 format', 'rcc 5012 labels'],
    pdf: 'p. 24 prints "Not supported" in the format column of 5012 User level (default 16, min 0, max 111) and no labels; the catalogue types it DYNAMIC.',
  },

  // Labels the PDF spells otherwise.
  {
    keys: keys('xtender', 'labels', [1202, 1311]),
    pdf: 'pp. 7 and 11 print "2:Reversed automatic" and "8:Manual OFF".',
  },
  {
    keys: keys('xtender', 'labels', [1497, 1498]),
    pdf: 'pp. 8 and 11 print "0:Any (Function OR)" and "1:All (Function AND)".',
  },
  {
    keys: [...keys('variotrack', 'labels', [10090, 10144, 10204, 10257]), ...keys('variostring', 'labels', [14072, 14124])],
    pdf: 'pp. 36, 38, 40, 42, 52 and 54 print "0:Any (Function OR)" and "1:All (Function AND)" with a capital F.',
  },
  {
    keys: keys('xtender', 'labels', [3020, 3030, 3031, 3032, 3074, 3075]),
    pdf: 'pp. 18-20 print "0:Opened".',
  },
  {
    keys: [...keys('xtender', 'labels', [3010]), ...keys('variotrack', 'labels', [11038]), ...keys('variostring', 'labels', [15002])],
    pdf: 'pp. 18, 46 and 57 print the phases with their dots: "Absorpt.", "R.float.", "Per.abs.".',
  },
  {
    keys: ['xtender 3054 labels'],
    pdf: 'p. 19 prints the short labels 0:Invalid value, 1:A, 2:I, 3:M, 4:M, 5:G and, in the remark, "2: Reversed automatic" (lower-case a).',
  },
  {
    keys: [...keys('xtender', 'labels', [3055]), ...keys('variotrack', 'labels', [11063, 11064, 11079, 11080]), ...keys('variostring', 'labels', [15090, 15091])],
    pdf: 'pp. 19, 47-48 and 61 print only the short labels (1:A, 2:I, 3:M, 4:M, 5:G); only 3054 spells them out (3055 says "See info (3055)").',
  },
  {
    keys: ['xtender 3124 labels', 'variostring 15074 labels'],
    pdf: 'pp. 21 and 60 print these ID types as FLOAT infos with the values in the remark ("XTH family = 1, XTM family = 256…", "VS120 = 12801d…"), not as labels.',
  },
  {
    keys: ['xtender 3159 labels'],
    pdf: 'p. 22 prints the short label "5:N_IMaxST" (capital M) beside the remark\'s long ones.',
  },
  {
    keys: ['xtender 3160 labels'],
    pdf: 'p. 22 prints short labels (1:Ubatt … 12:ARN f) and, in the remark, long ones in full ("1: U batt (actual phase of charge cycle)", "11 : Pcharger only neg ACout").',
  },
  {
    keys: ['xtender 3168 labels'],
    pdf: 'p. 23 prints the labels 0:No Error, 1:TR.Alarm, 2:TR.Error, 3:EL.Error, 4:EL.Stop; its remark numbers the states 0, 1, 2, 4, 8, so it does not name these values.',
  },
  {
    keys: keys('rcc', 'labels', [5038, 5039, 5040]),
    pdf: 'pp. 23-24 print "32:Latinoellinika".',
  },
  {
    keys: ['rcc 5073 labels', 'variotrack 11034 labels', 'variostring 15049 labels'],
    pdf: 'pp. 27, 46 and 59 print one label per value (8:VarioTrack, 16:VarioString; 4:OverTemp, 5:BatOverV, 11:---, 12:HardErr; 12:OverTemp … 15:Other); the file merges some into one string.',
  },
  {
    keys: ['rcc 5111 labels'],
    pdf: 'p. 27 prints "4:By default {5073}".',
  },
  {
    keys: ['bms 7067 labels'],
    pdf: 'p. 33 prints "0:OTHERS" in capitals.',
  },
  {
    keys: ['bms 7068 labels'],
    pdf: 'p. 33 prints "0:UNK. SOC" and "6:UNDER BACK".',
  },
  {
    keys: ['variotrack 11016 labels'],
    pdf: 'p. 45 prints "1:StartUp" and "12:Ch. Ibsp" (capital I).',
  },
  {
    keys: ['variotrack 11066 labels'],
    pdf: 'p. 47 prints "9:Autonom." with a dot (15051 on p. 60 prints it without).',
  },
  {
    keys: keys('variostring', 'labels', [15013, 15014]),
    pdf: 'pp. 57-58 print "4:ChargeV", "6:ChargeP", "7:ChargeIpv", "8:ChargeT" and "10:Ch.Ibsp" (no space, capital I).',
  },
];
