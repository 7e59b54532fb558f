import type { ImportOptions } from '../../../src/importers/index.ts';
import { MAX_TEXT_LENGTH } from '../../../src/ingest/steps/normalise.ts';
import {
  lineOfOffset,
  type Piece,
  tweetsJs,
  withBytes,
  X_OWNER,
  xArchiveItems,
  xArchiveText,
  YTD_PREFIX,
} from '../corpusSources.ts';
import {
  assertNotStored,
  assertStoredText,
  BIG_TEXT,
  type Built,
  type Expect,
  type ExpectedReject,
  escapeHtml,
  HOSTILE_TEXT,
  type ImportStep,
  type MalformedCase,
  writeFile,
} from './common.ts';

// ---------------------------------------------------------------------------------------------
// X archive

const X_FILE = 'tweets.js';
const X_BASE = 10;
const xAt = (index: number) => `${X_FILE}:${index + 2} (item ${index + 1})`;
const X_OPTIONS: ImportOptions = { userId: X_OWNER.userId, handle: X_OWNER.handle };

type XItem = { tweet: Record<string, unknown> };

/** The first tweets of the archive, and further ones (not retweets) to spoil. */
function xTweets(): { base: XItem[]; spare: XItem[] } {
  const all = xArchiveItems();
  return {
    base: all.slice(0, X_BASE),
    spare: all.slice(X_BASE).filter((t) => !String(t.tweet.full_text).startsWith('RT @')),
  };
}

const xId = (t: XItem) => t.tweet.id_str as string;

function xStep(dir: string, items: Piece[], expect: Expect, options = X_OPTIONS): ImportStep {
  return { path: writeFile(dir, X_FILE, tweetsJs(items)), options, ...expect };
}

/** The base tweets with one spoiled element after the fifth. */
function xWithBad(dir: string, bad: Piece, reject: Omit<ExpectedReject, 'location'>): Built {
  const { base: tweets } = xTweets();
  const items: Piece[] = tweets.map((t) => JSON.stringify(t));
  items.splice(5, 0, bad);
  return { imports: [xStep(dir, items, { stored: X_BASE, rejects: [{ location: xAt(5), ...reject }] })] };
}

function xSpare(change: (t: Record<string, unknown>) => void): XItem {
  const t = xTweets().spare[0] as XItem;
  change(t.tweet);
  return t;
}

export const X_CASES: MalformedCase[] = [
  {
    name: 'x-archive: the real tweets.js cut in the middle of a tweet',
    format: 'x-archive',
    family: 'truncated',
    build: (dir) => {
      const text = xArchiveText();
      const starts: number[] = [];
      for (let i = text.indexOf('\n  {\n'); i !== -1 && starts.length < 7; i = text.indexOf('\n  {\n', i + 1))
        starts.push(i + 1);
      const start = starts[6] as number; // the seventh tweet
      const cut = text.slice(0, start + 300);
      return {
        imports: [
          {
            path: writeFile(dir, X_FILE, cut),
            options: X_OPTIONS,
            stored: 6,
            rejects: [
              {
                location: `${X_FILE}:${lineOfOffset(text, start)} (item 7)`,
                code: 'malformed',
                reason: /the file ends inside this record \(truncated\?\)/,
              },
            ],
          },
        ],
      };
    },
  },
  {
    name: 'x-archive: the list is never closed',
    format: 'x-archive',
    family: 'truncated',
    build: (dir) => {
      const { base: tweets } = xTweets();
      const text = tweetsJs(tweets.map((t) => JSON.stringify(t))).toString();
      const open = text.slice(0, text.lastIndexOf(']'));
      return {
        imports: [
          {
            path: writeFile(dir, X_FILE, open),
            options: X_OPTIONS,
            stored: X_BASE,
            rejects: [
              {
                location: `${X_FILE}:${X_BASE + 1} (item ${X_BASE + 1})`,
                code: 'malformed',
                reason: /the file ends before the list is closed/,
              },
            ],
          },
        ],
      };
    },
  },
  {
    name: 'x-archive: one element that is not JSON',
    format: 'x-archive',
    family: 'structure',
    build: (dir) =>
      xWithBad(dir, JSON.stringify(xSpare(() => {})).replace('"tweet"', 'tweet'), {
        code: 'malformed',
        reason: /not valid JSON/,
      }),
  },
  {
    name: 'x-archive: an element that is not a {"tweet": …} record',
    format: 'x-archive',
    family: 'structure',
    build: (dir) =>
      xWithBad(dir, JSON.stringify({ like: { tweetId: '1' } }), {
        code: 'malformed',
        reason: /not a \{"tweet": \{\.\.\.\}\} record/,
      }),
  },
  {
    name: 'x-archive: bytes 0xff 0xfe in one tweet',
    format: 'x-archive',
    family: 'encoding',
    build: (dir) => {
      const t = xSpare((tweet) => {
        tweet.full_text = 'broken @@BAD@@ here';
      });
      const built = xWithBad(dir, withBytes(JSON.stringify(t), '@@BAD@@', [0xff, 0xfe]), {
        code: 'encoding',
        reason: /not valid UTF-8/,
      });
      return { ...built, check: (db) => assertNotStored(db, xId(t)) };
    },
  },
  {
    name: 'x-archive: 31 April',
    format: 'x-archive',
    family: 'dates',
    build: (dir) =>
      xWithBad(
        dir,
        JSON.stringify(
          xSpare((t) => {
            t.created_at = 'Sat Apr 31 10:00:00 +0000 2021';
          }),
        ),
        {
          code: 'invalid_field',
          reason: /created_at "Sat Apr 31 10:00:00 \+0000 2021" is not a valid Twitter date/,
        },
      ),
  },
  {
    name: 'x-archive: the year 1899',
    format: 'x-archive',
    family: 'dates',
    build: (dir) =>
      xWithBad(
        dir,
        JSON.stringify(
          xSpare((t) => {
            t.created_at = 'Tue Oct 31 10:00:00 +0000 1899';
          }),
        ),
        { code: 'invalid_field', reason: /created_at 1899-10-31T10:00:00\.000Z is impossible/ },
      ),
  },
  {
    name: 'x-archive: the same tweet twice',
    format: 'x-archive',
    family: 'duplicates',
    build: (dir) => {
      const { base: tweets } = xTweets();
      const items = tweets.map((t) => JSON.stringify(t));
      items.push(items[2] as string);
      return { imports: [xStep(dir, items, { stored: X_BASE, duplicates: 1 })] };
    },
  },
  {
    name: 'x-archive: the same id_str twice with a different text',
    format: 'x-archive',
    family: 'duplicates',
    build: (dir) => {
      const { base: tweets } = xTweets();
      const items = tweets.map((t) => JSON.stringify(t));
      const changed = structuredClone(tweets[2] as XItem);
      changed.tweet.full_text = `${changed.tweet.full_text} (edited)`;
      items.push(JSON.stringify(changed));
      return {
        imports: [
          xStep(dir, items, {
            stored: X_BASE,
            rejects: [{ location: xAt(X_BASE), code: 'conflict', reason: new RegExp(xId(changed)) }],
          }),
        ],
      };
    },
  },
  {
    name: 'x-archive: a loop of three replies (A→B→C→A)',
    format: 'x-archive',
    family: 'cycles',
    build: (dir) => {
      const { base: tweets, spare: more } = xTweets();
      const [a, b, c] = more.slice(0, 3) as [XItem, XItem, XItem];
      a.tweet.in_reply_to_status_id_str = xId(b);
      b.tweet.in_reply_to_status_id_str = xId(c);
      c.tweet.in_reply_to_status_id_str = xId(a);
      const items = [...tweets, a, b, c].map((t) => JSON.stringify(t));
      return {
        imports: [
          xStep(dir, items, {
            stored: X_BASE + 2,
            rejects: [{ location: xAt(X_BASE + 2), code: 'reply_cycle', reason: /loop of replies/ }],
          }),
        ],
        check: (db) => assertNotStored(db, xId(c)),
      };
    },
  },
  {
    name: 'x-archive: a 900 KB tweet text',
    format: 'x-archive',
    family: 'size',
    build: (dir) =>
      xWithBad(
        dir,
        JSON.stringify(
          xSpare((t) => {
            t.full_text = 'd'.repeat(BIG_TEXT);
          }),
        ),
        {
          code: 'too_large',
          reason: new RegExp(`text has ${BIG_TEXT} characters, more than ${MAX_TEXT_LENGTH}`),
        },
      ),
  },
  {
    name: 'x-archive: NUL and a lone surrogate (JSON escapes) become U+FFFD',
    format: 'x-archive',
    family: 'text',
    build: (dir) => {
      const t = xSpare((tweet) => {
        tweet.full_text = 'nul @@NUL@@ then @@SURROGATE@@ end';
      });
      const raw = JSON.stringify(t).replace('@@NUL@@', '\\u0000').replace('@@SURROGATE@@', '\\ud800');
      const { base: tweets } = xTweets();
      return {
        imports: [xStep(dir, [...tweets.map((x) => JSON.stringify(x)), raw], { stored: X_BASE + 1 })],
        check: (db) => assertStoredText(db, xId(t), 'nul \uFFFD then \uFFFD end'),
      };
    },
  },
  {
    name: 'x-archive: HTML, script and SQL-looking text is stored verbatim (entities decoded)',
    format: 'x-archive',
    family: 'text',
    build: (dir) => {
      const t = xSpare((tweet) => {
        tweet.full_text = escapeHtml(HOSTILE_TEXT);
      });
      const { base: tweets } = xTweets();
      return {
        imports: [
          xStep(
            dir,
            [...tweets, t].map((x) => JSON.stringify(x)),
            { stored: X_BASE + 1 },
          ),
        ],
        check: (db) => assertStoredText(db, xId(t), HOSTILE_TEXT),
      };
    },
  },
  {
    name: 'x-archive: id_str given as a JSON number too big to be exact',
    format: 'x-archive',
    family: 'types',
    build: (dir) => {
      const t = xSpare((tweet) => {
        tweet.id_str = '__ID__';
      });
      const raw = JSON.stringify(t).replace('"__ID__"', '1588091220244369409');
      return {
        ...xWithBad(dir, raw, { code: 'invalid_field', reason: /id_str/ }),
        check: (db) => assertNotStored(db, '1588091220244369400'),
      };
    },
  },
  {
    name: 'x-archive: full_text that is an object',
    format: 'x-archive',
    family: 'types',
    build: (dir) =>
      xWithBad(
        dir,
        JSON.stringify(
          xSpare((t) => {
            t.full_text = { text: 'hallo' };
          }),
        ),
        { code: 'invalid_field', reason: /full_text is not text/ },
      ),
  },
  {
    name: 'x-archive: a file without the window.YTD prefix is unusable',
    format: 'x-archive',
    family: 'structure',
    build: (dir) => {
      const { base: tweets } = xTweets();
      const text = tweetsJs(tweets.map((t) => JSON.stringify(t)))
        .toString()
        .replace(YTD_PREFIX, '[');
      return {
        imports: [
          {
            path: writeFile(dir, X_FILE, text),
            options: X_OPTIONS,
            error:
              /tweets\.js: not an X archive file \(it must start with "window\.YTD\.<name>\.part0 = \["\)/,
          },
        ],
      };
    },
  },
  {
    name: 'x-archive: no account.js, no tweet-headers.js and no --user-id is unusable',
    format: 'x-archive',
    family: 'structure',
    build: (dir) => {
      const { base: tweets } = xTweets();
      return {
        imports: [
          {
            path: writeFile(dir, X_FILE, tweetsJs(tweets.map((t) => JSON.stringify(t)))),
            names: dir,
            error:
              /cannot tell whose archive this is: put account\.js or tweet-headers\.js beside tweets\.js/,
          },
        ],
      };
    },
  },
];
