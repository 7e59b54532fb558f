/**
 * The malformed-input corpus: every case of every format, built at test time from the real
 * payloads in ../shared/data (see `malformed/common.ts` for what a case states).
 */
import type { MalformedCase } from './malformed/common.ts';
import { M_CASES } from './malformed/mastodon.ts';
import { N_CASES } from './malformed/ndjson.ts';
import { TWCS_CASES } from './malformed/twcs.ts';
import { X_CASES } from './malformed/xArchive.ts';

export * from './malformed/common.ts';

export const MALFORMED_CASES: readonly MalformedCase[] = [...TWCS_CASES, ...X_CASES, ...M_CASES, ...N_CASES];
