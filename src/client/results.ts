/**
 * What the client's richer reads return.
 * @module
 */
import type { Datapoint } from '../catalogue/types.js';
import type { MessageRecord } from '../protocol/message-record.js';
import type { MultiInfoFlags } from '../protocol/multi-info.js';
import type { Aggregation } from './aggregation.js';

/** One item of a multi-info read, cast to its catalogue format. */
export interface MultiInfoValue {
  /** The info number. */
  readonly id: number;
  /** The catalogue entry, when the catalogue knows the number. */
  readonly datapoint: Datapoint | undefined;
  /** How it was aggregated. */
  readonly aggregation: Aggregation;
  /** The value: a number, or a boolean for a BOOL info; enums rounded to integers. */
  readonly value: number | boolean;
}

/** The result of {@link XcomClient.readMultiInfo}. */
export interface MultiInfoResult {
  /** Which families are present, and the service version. */
  readonly flags: MultiInfoFlags;
  /** The gateway's clock, seconds since 1970 in the installation's local wall-clock time. */
  readonly timestamp: number;
  /** The values, in request order. */
  readonly items: readonly MultiInfoValue[];
}

/** A message of the Xcom-232i's log with its text. */
export interface XcomMessage extends MessageRecord {
  /** Studer's text for the message number, when the catalogue has it. */
  readonly text: string | undefined;
}
