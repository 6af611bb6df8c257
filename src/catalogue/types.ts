/**
 * The shape of a catalogue entry: one datapoint (user info or parameter) of one family, as
 * Studer's appendix describes it.
 * @module
 */
import type { ScomFormat } from '../protocol/format.js';

/**
 * The device families of a Studer installation. BSP and the Xcom-CAN BMS share the address
 * 601 and overlapping numbers: `'bsp'` and `'bms'` tell them apart.
 */
export type Family = 'xtender' | 'rcc' | 'bsp' | 'bms' | 'variotrack' | 'variostring';

/** A user info (read-only live value, object type 1) or a parameter (object type 2). */
export type DatapointKind = 'info' | 'parameter';

/** A parameter's user level (spec §4.5.2), as the appendix names it. */
export type UserLevel = 'VIEW_ONLY' | 'BASIC' | 'EXPERT' | 'INSTALLER' | 'QSP';

/**
 * How a LONG_ENUM's value is built from its labels: `'one-bit'` ("Only 1 bit": exactly one of
 * the label values), `'bit-field'` (any combination of the label bits).
 */
export type LongEnumMode = 'one-bit' | 'bit-field';

/** One value of an enumeration or one bit of a bit field; `L` is the label's literal type. */
export interface EnumLabel<L extends string = string> {
  /** The numeric value (for a bit field, the bit's mask). */
  readonly value: number;
  /** The appendix's long label ("Reversed automatic"). */
  readonly label: L;
  /** The short label, where the appendix gives one. */
  readonly short?: string;
}

/**
 * A value the appendix documents as not being a reading: what a device answers when there is
 * nothing to measure ({3001} battery temperature without a sensor answers about 32767 °C).
 * `'exact'` matches the value itself, `'approx'` a value near it (the appendix writes "~"; see
 * `classifyReading` for the tolerance), `'nan'` a FLOAT NaN.
 */
export type Sentinel = ValueSentinel | NanSentinel;

/** A sentinel that is a number: the value itself, or about it. */
export interface ValueSentinel {
  /** `'exact'`: this very value; `'approx'`: a value near it (the appendix writes "~"). */
  readonly match: 'exact' | 'approx';
  /** The value the device answers. */
  readonly value: number;
  /** What it means instead of a reading (`'no sensor'`, `'invalid value'`). */
  readonly meaning: string;
}

/** A sentinel that is a FLOAT NaN (BSP {7004} remaining autonomy while charging). */
export interface NanSentinel {
  /** Matches NaN. */
  readonly match: 'nan';
  /** What it means instead of a reading (`'charging'`). */
  readonly meaning: string;
}

/**
 * One datapoint of the catalogue. The type parameters are what `XcomP` knows of each entry at
 * compile time: `F` the literal Scom format (a typed read of a FLOAT datapoint is a `number`, of
 * a BOOL datapoint a `boolean`), `K` its kind (`setValue` of a user info does not compile), `L`
 * the union of its enum labels (`setValue(XcomP.XT_OPERATING_MODE_AUX_2, 'Manual ON')`
 * autocompletes, a misspelt label does not compile; `never` for an enum without labels).
 */
export interface Datapoint<F extends ScomFormat = ScomFormat, K extends DatapointKind = DatapointKind, L extends string = string> {
  /** The number in Studer's appendix (3000, 1107, 11016, …); the Scom object id. */
  readonly id: number;
  /** The device family the number belongs to. */
  readonly family: Family;
  /** Info (object type 1) or parameter (object type 2). */
  readonly kind: K;
  /** The Scom format of its value. */
  readonly format: F;
  /** The `XcomP` name (`XT_BATTERY_VOLTAGE`, …). */
  readonly name: string;
  /** Studer's description ("Battery voltage"). */
  readonly description: string;
  /**
   * The unit as the appendix writes it (`'Vdc'`, `'kW'`), `''` when there is none. For a user
   * info this is the column "Unit on the RCC"; see {@link Datapoint.valueUnit}.
   */
  readonly unit: string;
  /**
   * A user info's column "Unit": the unit of the value itself, which the appendix prints beside
   * the RCC's (`'V'` where the RCC shows `'Vdc'`, `'A'` where it shows `'Ausr'`).
   */
  readonly valueUnit?: string;
  /** The RCC's short name of a user info (`'Ubat'`). */
  readonly shortName?: string;
  /** A parameter's factory default (BOOL as 0/1). */
  readonly default?: number;
  /** A parameter's minimum. */
  readonly min?: number;
  /** A parameter's maximum. */
  readonly max?: number;
  /** A parameter's increment as the RCC steps it (informative; not enforced). */
  readonly increment?: number;
  /** A parameter's user level. */
  readonly level?: UserLevel;
  /**
   * The labels of an enum or the bits of a bit field. The appendix lists no bits for its bit
   * fields (the "Day of the week" parameters): there, any value from `min` to `max` is a mask.
   */
  readonly labels?: readonly EnumLabel<L>[];
  /** For a LONG_ENUM: single-bit choice or bit field. */
  readonly longEnumMode?: LongEnumMode;
  /** The numbers of the menus it sits in (some parameters sit in two). */
  readonly menus?: readonly number[];
  /**
   * True when the appendix marks it "Not supported" over Scom. The appendix gives such a
   * parameter no format: its `format` is `'DYNAMIC'`.
   */
  readonly notSupported?: boolean;
  /**
   * True for a signal: an INT32 parameter that is a command ("Restore default settings",
   * "Force a new cycle"), whose default, min and max the appendix prints as "S".
   */
  readonly signal?: boolean;
  /**
   * A user info's remark, the appendix's column "Related parameter or description" ("See
   * parameter \{1137\}", "no sensor : return ~32767 °C. Value given by the external battery
   * temperature sensor BTS-01"); absent when the appendix prints none.
   */
  readonly remark?: string;
  /**
   * The values the appendix documents as not being readings (from the remark, or an enum label
   * "Invalid value"); absent when it documents none. See `classifyReading`.
   */
  readonly sentinels?: readonly Sentinel[];
}

/**
 * A menu of the RCC's parameter tree (an "ONLY LEVEL" row of the appendix): not a readable
 * datapoint, a folder of parameters and submenus.
 */
export interface Menu {
  /** The menu's number in the appendix (1100 "BASIC SETTINGS"). */
  readonly id: number;
  /** The family whose parameters it holds. */
  readonly family: Family;
  /** Its title as the appendix prints it. */
  readonly description: string;
  /** The user level the appendix prints for it. */
  readonly level: UserLevel;
  /**
   * The menus it sits in; absent for a top-level menu. One menu sits in two (VarioString 14180
   * "Type of MPPT algorithm", under the VS-120 and the VS-70 configuration).
   */
  readonly menus?: readonly number[];
  /** The numbers of its submenus and parameters, in the appendix's order. */
  readonly entries: readonly number[];
}

/** How serious an RCC message is, from the word its text starts with. */
export type MessageSeverity = 'info' | 'warning' | 'error' | 'halted';

/** One message of the RCC / Xcom-232i event log, by its number. */
export interface RccMessage {
  /** The message number: the `type` of a message record read from the Xcom-232i. */
  readonly type: number;
  /** The text as the appendix prints it ("Warning (016): Fan error detected"). */
  readonly text: string;
  /** `'warning'`, `'error'` or `'halted'` when the text starts with that word, else `'info'`. */
  readonly severity: MessageSeverity;
}

/** The default and range of an Xtender parameter on 120 Vac models (Xtender -01). */
export interface Overlay120V {
  /** The parameter's number. */
  readonly id: number;
  /** The 120 Vac default. */
  readonly default: number;
  /** The 120 Vac minimum. */
  readonly min: number;
  /** The 120 Vac maximum. */
  readonly max: number;
  /** The 120 Vac increment. */
  readonly increment: number;
}

/**
 * A parameter whose default and range the appendix prints for a 48 V battery, and which Studer's
 * manuals scale for 12 V and 24 V systems (see `withBatteryVoltage`).
 */
export interface BatteryVoltageParameter {
  /** The family (`'xtender'`, `'variotrack'`, `'variostring'` or `'bsp'`). */
  readonly family: Family;
  /** The parameter's number. */
  readonly id: number;
}
