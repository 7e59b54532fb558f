import type { OrganisationKind } from '../domain/organisation.ts';

export type Tone = 'thankful' | 'neutral' | 'angry';

/**
 * One municipal subject citizens write about, with the sentences both sides use. Templates hold
 * `{slots}` (see slots.ts). A citizen's message is built from an optional opening, one core
 * sentence (a question, a complaint or praise), an optional detail and an optional closing, so
 * texts vary a lot from few lines.
 */
export interface Subject {
  key: string;
  /** Who handles it, as `{afdeling}` in answers. */
  department: string;
  kinds: readonly OrganisationKind[];
  weight: number;
  /** Weight multipliers per month (0 = January); months not named count 1. */
  season?: Readonly<Partial<Record<number, number>>>;
  /** Weight multipliers on special days (`storm`, `heat`, `snow`, `newyear`, `kingsday`). */
  tags?: Readonly<Partial<Record<string, number>>>;
  questions: readonly string[];
  complaints: readonly string[];
  praise: readonly string[];
  details: readonly string[];
  /** The organisation's informative answers. */
  answers: readonly string[];
  /** The organisation asks for something and waits for the citizen. */
  asks: readonly string[];
  /** The citizen's reply to such a question. */
  info: readonly string[];
  /** Chance that the organisation registers the message as a case with a number. */
  caseLikely: number;
}
