import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { ImportOptions } from '../../../src/importers/index.ts';
import { MAX_TEXT_LENGTH } from '../../../src/ingest/steps/normalise.ts';
import {
  MASTODON_ACTOR,
  outboxItems,
  outboxJson,
  outboxText,
  type Piece,
  withBytes,
} from '../corpusSources.ts';
import {
  assertNotStored,
  assertStoredText,
  BIG_TEXT,
  type Built,
  type Expect,
  type ExpectedReject,
  escapeHtml,
  HOSTILE_LINE,
  type ImportStep,
  type MalformedCase,
  writeFile,
} from './common.ts';

// ---------------------------------------------------------------------------------------------
// Mastodon outbox

const M_FILE = 'outbox.json';
const M_BASE = 10;
const mAt = (index: number) => `${M_FILE}:${index + 2} (item ${index + 1})`;
const M_OPTIONS: ImportOptions = { actor: MASTODON_ACTOR };

type Activity = Record<string, unknown> & { object?: unknown };

function mActivities(): { base: Activity[]; creates: Activity[]; announces: Activity[] } {
  const all = outboxItems() as Activity[];
  const rest = all.slice(M_BASE);
  return {
    base: all.slice(0, M_BASE),
    creates: rest.filter((a) => a.type === 'Create'),
    announces: rest.filter((a) => a.type === 'Announce'),
  };
}

const noteOf = (a: Activity) => a.object as Record<string, unknown>;

function mStep(dir: string, items: Piece[], expect: Expect, options = M_OPTIONS): ImportStep {
  return { path: writeFile(dir, M_FILE, outboxJson(items)), options, ...expect };
}

function mWithBad(dir: string, bad: Piece, reject: Omit<ExpectedReject, 'location'>): Built {
  const items: Piece[] = mActivities().base.map((a) => JSON.stringify(a));
  items.splice(5, 0, bad);
  return { imports: [mStep(dir, items, { stored: M_BASE, rejects: [{ location: mAt(5), ...reject }] })] };
}

function mCreate(change: (activity: Activity, note: Record<string, unknown>) => void): Activity {
  const a = mActivities().creates[0] as Activity;
  change(a, noteOf(a));
  return a;
}

function mBadDate(published: string, reason: RegExp, bug?: string): MalformedCase {
  return {
    name: `mastodon-outbox: published ${published}`,
    format: 'mastodon-outbox',
    family: 'dates',
    ...(bug ? { bug } : {}),
    build: (dir) => {
      const a = mCreate((activity, note) => {
        activity.published = published;
        note.published = published;
      });
      return {
        ...mWithBad(dir, JSON.stringify(a), { code: 'invalid_field', reason }),
        check: (db) => assertNotStored(db, noteOf(a).id as string),
      };
    },
  };
}

export const M_CASES: MalformedCase[] = [
  {
    name: 'mastodon-outbox: the real outbox.json cut in the middle of an activity',
    format: 'mastodon-outbox',
    family: 'truncated',
    build: (dir) => {
      const text = outboxText();
      const all = outboxItems();
      const eighth = all[7] as Activity;
      const start = text.indexOf(`{"id":${JSON.stringify(eighth.id)}`);
      assert.ok(start > 0);
      return {
        imports: [
          {
            path: writeFile(dir, M_FILE, text.slice(0, start + 200)),
            options: M_OPTIONS,
            stored: 7,
            rejects: [
              {
                location: `${M_FILE}:1 (item 8)`,
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
    name: 'mastodon-outbox: orderedItems never closed',
    format: 'mastodon-outbox',
    family: 'truncated',
    build: (dir) => {
      const text = outboxJson(mActivities().base.map((a) => JSON.stringify(a))).toString();
      return {
        imports: [
          {
            path: writeFile(dir, M_FILE, text.slice(0, text.lastIndexOf(']'))),
            options: M_OPTIONS,
            stored: M_BASE,
            rejects: [
              {
                location: `${M_FILE}:${M_BASE + 1} (item ${M_BASE + 1})`,
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
    name: 'mastodon-outbox: bytes 0xff 0xfe in one status',
    format: 'mastodon-outbox',
    family: 'encoding',
    build: (dir) => {
      const a = mCreate((_, note) => {
        note.content = '<p>broken @@BAD@@ here</p>';
        delete note.contentMap;
      });
      const raw = withBytes(JSON.stringify(a), '@@BAD@@', [0xff, 0xfe]);
      return {
        ...mWithBad(dir, raw, { code: 'encoding', reason: /not valid UTF-8/ }),
        check: (db) => assertNotStored(db, noteOf(a).id as string),
      };
    },
  },
  mBadDate('2022-04-31T10:00:00Z', /published "2022-04-31T10:00:00Z" is not a valid date/),
  mBadDate('2022-11-08T25:61:00Z', /published "2022-11-08T25:61:00Z" is not a valid date/),
  mBadDate('2999-11-08T03:07:14Z', /created_at 2999-11-08T03:07:14\.000Z is impossible/),
  mBadDate('1899-11-08T03:07:14Z', /created_at 1899-11-08T03:07:14\.000Z is impossible/),
  mBadDate('last Tuesday', /published "last Tuesday" is not a valid date/),
  {
    name: 'mastodon-outbox: the same activity twice',
    format: 'mastodon-outbox',
    family: 'duplicates',
    build: (dir) => {
      const items = mActivities().base.map((a) => JSON.stringify(a));
      items.push(items[1] as string);
      return { imports: [mStep(dir, items, { stored: M_BASE, duplicates: 1 })] };
    },
  },
  {
    name: 'mastodon-outbox: the same status id twice with different content',
    format: 'mastodon-outbox',
    family: 'duplicates',
    build: (dir) => {
      const { base: activities } = mActivities();
      const index = activities.findIndex((a) => a.type === 'Create');
      const changed = structuredClone(activities[index] as Activity);
      noteOf(changed).content = '<p>edited afterwards</p>';
      const items = [...activities, changed].map((a) => JSON.stringify(a));
      return {
        imports: [
          mStep(dir, items, {
            stored: M_BASE,
            rejects: [
              {
                location: mAt(M_BASE),
                code: 'conflict',
                reason: new RegExp((noteOf(changed).id as string).replaceAll('.', '\\.')),
              },
            ],
          }),
        ],
      };
    },
  },
  {
    name: 'mastodon-outbox: a status replying to itself',
    format: 'mastodon-outbox',
    family: 'cycles',
    build: (dir) => {
      const a = mCreate((_, note) => {
        note.inReplyTo = note.id;
      });
      return mWithBad(dir, JSON.stringify(a), { code: 'reply_cycle', reason: /replies to itself/ });
    },
  },
  {
    name: 'mastodon-outbox: a 900 KB status',
    format: 'mastodon-outbox',
    family: 'size',
    build: (dir) => {
      const a = mCreate((_, note) => {
        note.content = `<p>${'e'.repeat(BIG_TEXT)}</p>`;
        note.contentMap = { en: note.content };
      });
      return mWithBad(dir, JSON.stringify(a), {
        code: 'too_large',
        reason: new RegExp(`text has ${BIG_TEXT} characters, more than ${MAX_TEXT_LENGTH}`),
      });
    },
  },
  {
    name: 'mastodon-outbox: NUL and a lone surrogate (JSON escapes) become U+FFFD',
    format: 'mastodon-outbox',
    family: 'text',
    build: (dir) => {
      const a = mCreate((_, note) => {
        note.content = '<p>nul @@NUL@@ then @@SURROGATE@@ end</p>';
        delete note.contentMap;
      });
      const raw = JSON.stringify(a).replace('@@NUL@@', '\\u0000').replace('@@SURROGATE@@', '\\ud800');
      return {
        imports: [
          mStep(dir, [...mActivities().base.map((x) => JSON.stringify(x)), raw], { stored: M_BASE + 1 }),
        ],
        check: (db) => assertStoredText(db, noteOf(a).id as string, 'nul \uFFFD then \uFFFD end'),
      };
    },
  },
  {
    name: 'mastodon-outbox: escaped HTML, script and SQL-looking text is stored as the text people read',
    format: 'mastodon-outbox',
    family: 'text',
    build: (dir) => {
      const a = mCreate((_, note) => {
        note.content = `<p>${escapeHtml(HOSTILE_LINE)}</p>`;
        note.contentMap = { en: note.content };
      });
      return {
        imports: [
          mStep(
            dir,
            [...mActivities().base, a].map((x) => JSON.stringify(x)),
            { stored: M_BASE + 1 },
          ),
        ],
        check: (db) => assertStoredText(db, noteOf(a).id as string, HOSTILE_LINE),
      };
    },
  },
  {
    name: 'mastodon-outbox: an unsupported activity type (Like)',
    format: 'mastodon-outbox',
    family: 'structure',
    build: (dir) => {
      const a = mActivities().announces[0] as Activity;
      a.type = 'Like';
      return mWithBad(dir, JSON.stringify(a), {
        code: 'invalid_field',
        reason: /activity type "Like" is not a post or a boost/,
      });
    },
  },
  {
    name: 'mastodon-outbox: a Create without an object',
    format: 'mastodon-outbox',
    family: 'structure',
    build: (dir) => {
      const a = mCreate((activity) => {
        delete activity.object;
      });
      return mWithBad(dir, JSON.stringify(a), {
        code: 'missing_field',
        reason: /a Create activity needs an embedded object/,
      });
    },
  },
  {
    name: 'mastodon-outbox: a Create whose object is only a link',
    format: 'mastodon-outbox',
    family: 'structure',
    build: (dir) => {
      const a = mCreate((activity, note) => {
        activity.object = note.id;
      });
      return mWithBad(dir, JSON.stringify(a), {
        code: 'invalid_field',
        reason: /a Create activity needs an embedded object/,
      });
    },
  },
  {
    name: 'mastodon-outbox: an Announce without an object',
    format: 'mastodon-outbox',
    family: 'structure',
    build: (dir) => {
      const a = mActivities().announces[0] as Activity;
      delete a.object;
      return mWithBad(dir, JSON.stringify(a), {
        code: 'missing_field',
        reason: /an Announce needs an id and an object/,
      });
    },
  },
  {
    name: 'mastodon-outbox: a Note id that is a number',
    format: 'mastodon-outbox',
    family: 'types',
    build: (dir) => {
      const a = mCreate((_, note) => {
        note.id = 109305976208011760;
      });
      return mWithBad(dir, JSON.stringify(a), {
        code: 'invalid_field',
        reason: /the Note's id \d+ is not a string/,
      });
    },
  },
  {
    name: 'mastodon-outbox: no actor.json beside the outbox and no --actor is unusable',
    format: 'mastodon-outbox',
    family: 'structure',
    build: (dir) => ({
      imports: [
        {
          path: writeFile(dir, M_FILE, outboxJson(mActivities().base.map((a) => JSON.stringify(a)))),
          names: join(dir, 'actor.json'),
          error: /actor\.json: actor\.json not found; pass --actor <file>/,
        },
      ],
    }),
  },
  {
    name: 'mastodon-outbox: a file that is not an outbox is unusable',
    format: 'mastodon-outbox',
    family: 'structure',
    build: (dir) => ({
      imports: [
        {
          path: writeFile(dir, M_FILE, JSON.stringify({ type: 'Person', id: 'https://example.org/users/a' })),
          options: M_OPTIONS,
          error: /outbox\.json: not an ActivityPub outbox \(no "orderedItems" list found\)/,
        },
      ],
    }),
  },
];
