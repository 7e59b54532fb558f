import {
  AGAIN_LINES,
  APOLOGIES,
  CASE_LINES,
  CLOSINGS,
  DM_ASKS,
  DM_INFO,
  EMOJI,
  ENGLISH,
  FOLLOW_UPS,
  OPENINGS,
  ORG_CLOSINGS,
  REACTION_ANSWERS,
  REACTIONS,
  SALUTATIONS,
  THANKS_FOR_PRAISE,
  YOU_ARE_WELCOME,
} from './phrases.ts';
import { fill, type SlotContext } from './slots.ts';
import type { Subject, Tone } from './subject.ts';

/**
 * Builds message texts from parts: the required core and optional parts around it. When the
 * text is longer than the platform allows, optional parts are dropped first.
 */
interface Part {
  text: string;
  optional: boolean;
}

/** Words that keep their capital after `Hoi,`. */
const KEEP_CAPITAL =
  /^(Koningsdag|Sinterklaas|Open Monumentendag|Provinciale|Wmo|Burgerzaken|NL-Alert|DigiD|Hi|I)\b/;

/** After `Hoi,` a sentence goes on in lower case: `Hoi, onze container…`. */
function afterComma(text: string): string {
  const second = text.charAt(1);
  if (second === '' || second !== second.toLowerCase() || KEEP_CAPITAL.test(text)) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function join(parts: readonly Part[]): string {
  let out = '';
  for (const part of parts) {
    if (out === '') out = part.text;
    else out += ` ${out.endsWith(',') || out.endsWith(':') ? afterComma(part.text) : part.text}`;
  }
  return out;
}

function compose(parts: Part[], limit: number): string {
  const text = join(parts);
  return text.length > limit ? join(parts.filter((p) => !p.optional)) : text;
}

function casual(ctx: SlotContext, text: string, tone: Tone): string {
  const r = ctx.rng.next();
  if (r < 0.12) return text.charAt(0).toLowerCase() + text.slice(1).replace(/\.$/, '');
  if (r < 0.17 && tone !== 'thankful') return text.replace(/[.?]$/, '??');
  return text;
}

/** A citizen's first message about a subject, without the mention. */
export function citizenText(ctx: SlotContext, subject: Subject, tone: Tone, limit: number): string {
  const rng = ctx.rng;
  const parts: Part[] = [];
  if (rng.chance(tone === 'thankful' ? 0.2 : 0.35))
    parts.push({ text: fill(ctx, rng.pick(OPENINGS[tone])), optional: true });
  let core: string;
  if (tone === 'thankful') core = rng.pick(subject.praise);
  else if (tone === 'angry' && rng.chance(0.65)) core = rng.pick(subject.complaints);
  else core = rng.pick(subject.questions);
  parts.push({ text: fill(ctx, core), optional: false });
  if (tone !== 'thankful' && rng.chance(0.45))
    parts.push({ text: fill(ctx, rng.pick(subject.details)), optional: true });
  if (rng.chance(0.3)) parts.push({ text: fill(ctx, rng.pick(CLOSINGS[tone])), optional: true });
  const emojiChance = tone === 'thankful' ? 0.45 : tone === 'angry' ? 0.3 : 0.08;
  if (rng.chance(emojiChance)) {
    const emoji = rng.pick(EMOJI[tone]);
    parts.push({ text: rng.chance(0.2) ? `${emoji}${emoji}` : emoji, optional: true });
  }
  return casual(ctx, compose(parts, limit), tone);
}

/** A reaction to an organisation's post that asks nothing in particular. */
export function reactionText(ctx: SlotContext, tone: Tone): string {
  const rng = ctx.rng;
  const text = fill(ctx, rng.pick(REACTIONS[tone]));
  return rng.chance(tone === 'neutral' ? 0.05 : 0.3) ? `${text} ${rng.pick(EMOJI[tone])}` : text;
}

export type FollowUp = keyof typeof FOLLOW_UPS | 'info';

/** Lines about direct messages, which make no sense inside one. */
const ABOUT_DM = /\bDM\b|privébericht|gestuurd/i;

function forPlace(lines: readonly string[], inDm: boolean, fallback: readonly string[]): readonly string[] {
  if (!inDm) return lines;
  const fitting = lines.filter((l) => !ABOUT_DM.test(l));
  return fitting.length > 0 ? fitting : fallback;
}

export function followUpText(ctx: SlotContext, subject: Subject, kind: FollowUp, inDm = false): string {
  const lines = kind === 'info' ? forPlace(subject.info, inDm, DM_INFO) : FOLLOW_UPS[kind];
  return casual(ctx, fill(ctx, ctx.rng.pick(lines)), kind === 'thanks' ? 'thankful' : 'neutral');
}

export function englishQuestion(ctx: SlotContext): string {
  return fill(ctx, ctx.rng.pick(ENGLISH.questions));
}

export type AnswerKind = 'answer' | 'ask' | 'case' | 'again' | 'welcome' | 'praise' | 'reaction' | 'english';

/** An organisation's reply, signed with the agent's initials (`*BK`, `^MV`). */
export function answerText(
  ctx: SlotContext,
  subject: Subject,
  kind: AnswerKind,
  tone: Tone,
  signature: string,
  limit: number,
  inDm = false,
): string {
  const rng = ctx.rng;
  const parts: Part[] = [];
  if (kind === 'english') {
    if (rng.chance(0.6)) parts.push({ text: fill(ctx, 'Hi {voornaam},'), optional: true });
    parts.push({ text: fill(ctx, rng.pick(ENGLISH.answers)), optional: false });
    parts.push({ text: signature, optional: false });
    return compose(parts, limit);
  }
  if (rng.chance(0.55)) parts.push({ text: fill(ctx, rng.pick(SALUTATIONS)), optional: true });
  const apologetic = kind === 'answer' || kind === 'case' || kind === 'again';
  if (tone === 'angry' && apologetic && rng.chance(0.6))
    parts.push({ text: rng.pick(APOLOGIES), optional: true });
  switch (kind) {
    case 'answer':
      parts.push({ text: fill(ctx, rng.pick(subject.answers)), optional: false });
      break;
    case 'ask':
      parts.push({ text: fill(ctx, rng.pick(forPlace(subject.asks, inDm, DM_ASKS))), optional: false });
      break;
    case 'case':
      if (rng.chance(0.5)) parts.push({ text: fill(ctx, rng.pick(subject.answers)), optional: true });
      else parts.push({ text: 'Dank voor uw melding.', optional: true });
      parts.push({ text: fill(ctx, rng.pick(CASE_LINES)), optional: false });
      break;
    case 'again':
      parts.push({ text: fill(ctx, rng.pick(AGAIN_LINES)), optional: false });
      if (ctx.values.has('zaak'))
        parts.push({ text: fill(ctx, 'Uw meldingsnummer blijft {zaak}.'), optional: true });
      break;
    case 'welcome':
      parts.push({ text: rng.pick(YOU_ARE_WELCOME), optional: false });
      break;
    case 'praise':
      parts.push({ text: rng.pick(THANKS_FOR_PRAISE), optional: false });
      break;
    case 'reaction':
      parts.push({ text: fill(ctx, rng.pick(REACTION_ANSWERS)), optional: false });
      break;
  }
  if (rng.chance(0.3)) parts.push({ text: rng.pick(ORG_CLOSINGS), optional: true });
  parts.push({ text: signature, optional: false });
  return compose(parts, limit);
}
