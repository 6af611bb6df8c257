/**
 * The project's own transcription of Studer's appendix (`catalogue/appendix-<version>.json`):
 * what the parser writes and the code generator reads. It keeps what the PDF says, page numbers
 * included, and nothing derived (names and TypeScript shapes are the generator's business).
 * @module
 */
import type { DatapointKind, Family, LongEnumMode, UserLevel } from '../../src/catalogue/types.js';
import type { ScomFormat } from '../../src/protocol/format.js';

/** One value of an enumeration as the appendix prints it. */
export interface LabelRecord {
  /** The value (a bit's mask for a LONG_ENUM). */
  readonly value: number;
  /** The long label. */
  readonly label: string;
  /** The short label, where the appendix prints a short and a long one (infos only). */
  readonly short?: string;
}

/** One user info or parameter. A parameter printed in two menus is one record with two menus. */
export interface DatapointRecord {
  /** The family, from the section the table sits in. */
  readonly family: Family;
  /** Info or parameter, from the section. */
  readonly kind: DatapointKind;
  /** The number ("Nr"). */
  readonly id: number;
  /** Studer's description, lines of a wrapped cell joined by a space. */
  readonly description: string;
  /** Infos: the "Short desc." column (the RCC's short name). */
  readonly shortName?: string;
  /** Parameters: the "Unit" column; infos: the "Unit on the RCC" column. `''` when empty. */
  readonly unit: string;
  /** Infos: the "Unit" column (the unit of the value itself: `V` where the RCC shows `Vdc`). */
  readonly valueUnit?: string;
  /** The Scom format; `null` where the appendix prints "Not supported" instead. */
  readonly format: ScomFormat | null;
  /** Parameters: the default (BOOL and enum values as numbers). */
  readonly default?: number;
  /** Parameters: the minimum. */
  readonly min?: number;
  /** Parameters: the maximum. */
  readonly max?: number;
  /** Parameters: the increment, when it is a number. */
  readonly increment?: number;
  /** Parameters: the user level. */
  readonly level?: UserLevel;
  /** Parameters: true for an INT32 "Signal" (a command: default, min and max print "S"). */
  readonly signal?: true;
  /** LONG_ENUMs: "Only 1 bit" or "Bit field". */
  readonly longEnumMode?: LongEnumMode;
  /** Enum labels. */
  readonly labels?: readonly LabelRecord[];
  /** Parameters: the menus it is printed in, in document order. */
  readonly menus?: readonly number[];
  /** Parameters: true where the format column says "Not supported". */
  readonly notSupported?: true;
  /** Infos: the "Related parameter or description" column. */
  readonly remark?: string;
  /** The pages it is printed on. */
  readonly pages: readonly number[];
}

/**
 * A menu ("ONLY LEVEL" row) of a parameter table, as printed. A menu printed in two places is
 * two records with the same number (each with its parent and its entries).
 */
export interface MenuRecord {
  /** The family. */
  readonly family: Family;
  /** The menu's number. */
  readonly id: number;
  /** Its title as printed ("BASIC SETTINGS", "Program 1 (AUX 1)"). */
  readonly description: string;
  /** The user level printed on the row. */
  readonly level: UserLevel;
  /** The enclosing menu, from the indentation; absent for a top-level menu. */
  readonly parent?: number;
  /** The numbers of the menus and parameters printed in it, in order. */
  readonly entries: readonly number[];
  /** The page it is printed on. */
  readonly page: number;
}

/** One row of "Xtender 120Vac specific parameters". */
export interface OverlayRecord {
  /** The parameter number. */
  readonly id: number;
  /** The description as printed there. */
  readonly description: string;
  /** The unit. */
  readonly unit: string;
  /** The 120 Vac default. */
  readonly default: number;
  /** The 120 Vac minimum. */
  readonly min: number;
  /** The 120 Vac maximum. */
  readonly max: number;
  /** The increment. */
  readonly increment: number;
  /** The user level. */
  readonly level: UserLevel;
}

/** One RCC message. */
export interface MessageRecord {
  /** The message number (the `type` of a message record on the wire). */
  readonly type: number;
  /** The text as printed ("Warning (016): Fan error detected"). */
  readonly text: string;
  /** The user level printed on the row. */
  readonly level: UserLevel;
}

/** The whole transcription. */
export interface AppendixData {
  /** Where it comes from. */
  readonly source: {
    readonly title: string;
    readonly version: string;
    readonly date: string;
    readonly file: string;
  };
  /** Every info and parameter, family by family in the appendix's order. */
  readonly datapoints: readonly DatapointRecord[];
  /** Every menu. */
  readonly menus: readonly MenuRecord[];
  /** The 120 Vac overlay. */
  readonly overlay120V: readonly OverlayRecord[];
  /** The RCC messages. */
  readonly messages: readonly MessageRecord[];
}

/**
 * Serialises the transcription with one record per line: valid JSON whose diffs show exactly
 * the records a new appendix changes.
 */
export function serialiseAppendix(data: AppendixData): string {
  const list = (items: readonly unknown[]): string =>
    items.length === 0 ? '[]' : `[\n${items.map((item) => `    ${JSON.stringify(item)}`).join(',\n')}\n  ]`;
  return (
    '{\n' +
    `  "source": ${JSON.stringify(data.source)},\n` +
    `  "datapoints": ${list(data.datapoints)},\n` +
    `  "menus": ${list(data.menus)},\n` +
    `  "overlay120V": ${list(data.overlay120V)},\n` +
    `  "messages": ${list(data.messages)}\n` +
    '}\n'
  );
}
