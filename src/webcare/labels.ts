/**
 * What a case is filed under: one category from the organisation's list, and any tags an agent
 * gives it. Tags are free words, kept in lower case and trimmed, so `Afval ` and `afval` are one tag.
 */

/** The categories of a municipal KCC, as long as an organisation has not made its own list. */
export const DEFAULT_CATEGORIES: readonly string[] = [
  'afval',
  'parkeren',
  'burgerzaken',
  'WMO',
  'openbare ruimte',
  'verkeer',
  'belastingen',
  'overlast',
  'vergunningen',
  'werk en inkomen',
  'overig',
];

export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;
export const MAX_NOTE_LENGTH = 5000;

export type LabelProblem = 'unknownCategory' | 'tooManyTags' | 'tagTooLong' | 'tagInvalid';

/** One tag as it is kept. */
export function normaliseTag(tag: string): string {
  return tag.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Tags as kept (normalised, without repeats or empties), or what is wrong with them. */
export function checkTags(tags: readonly string[]): { tags: string[]; problem: LabelProblem | null } {
  const kept = [...new Set(tags.map(normaliseTag).filter((t) => t !== ''))];
  if (kept.length > MAX_TAGS) return { tags: kept, problem: 'tooManyTags' };
  if (kept.some((t) => t.length > MAX_TAG_LENGTH)) return { tags: kept, problem: 'tagTooLong' };
  // Control characters have no place in a label people read.
  if (kept.some((t) => /\p{Cc}/u.test(t))) return { tags: kept, problem: 'tagInvalid' };
  return { tags: kept, problem: null };
}

/** A category as chosen: one of the list (matched without regard to case), or none. */
export function checkCategory(
  category: string | null,
  categories: readonly string[],
): { category: string | null; problem: LabelProblem | null } {
  if (category === null || category.trim() === '') return { category: null, problem: null };
  const found = categories.find((c) => c.toLowerCase() === category.trim().toLowerCase());
  return found ? { category: found, problem: null } : { category: null, problem: 'unknownCategory' };
}
