import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import type { MessageInput } from '../domain/message.ts';
import { comparisonClass } from '../domain/organisation.ts';
import type { AccountInput, IngestRecord, OrganisationInput, SnapshotInput } from '../ingest/records.ts';
import { DemoCalendar } from './calendar.ts';
import { demoIngestRecords, demoRecords, demoSource } from './generator.ts';

interface Demo {
  records: IngestRecord[];
  organisations: OrganisationInput[];
  accounts: AccountInput[];
  snapshots: SnapshotInput[];
  messages: MessageInput[];
}

function collect(size: number, seed = 1): Demo {
  const demo: Demo = { records: [], organisations: [], accounts: [], snapshots: [], messages: [] };
  for (const record of demoIngestRecords({ size, seed })) {
    demo.records.push(record);
    if (record.type === 'organisation') demo.organisations.push(record.organisation);
    else if (record.type === 'account') demo.accounts.push(record.account);
    else if (record.type === 'snapshot') demo.snapshots.push(record.snapshot);
    else demo.messages.push(record.message);
  }
  return demo;
}

function digest(size: number, seed: number): string {
  const hash = createHash('sha256');
  for (const record of demoIngestRecords({ size, seed })) hash.update(`${JSON.stringify(record)}\n`);
  return hash.digest('hex');
}

const key = (platform: string, id: string) => `${platform}\u0000${id}`;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

const small = collect(2_000);
const medium = collect(20_000);

test('the same seed gives byte-identical records; another seed gives others', () => {
  assert.equal(digest(3_000, 7), digest(3_000, 7));
  assert.notEqual(digest(3_000, 7), digest(3_000, 8));
});

test('the number of messages is within 10% of the size', () => {
  const large = collect(50_000);
  for (const [size, demo] of [
    [2_000, small],
    [50_000, large],
  ] as const) {
    assert.ok(
      Math.abs(demo.messages.length - size) <= size * 0.1,
      `${demo.messages.length} messages for size ${size}`,
    );
  }
});

test('records come in order: organisations, accounts, snapshots, messages; all ok and located', () => {
  const order = ['organisation', 'account', 'snapshot', 'message'];
  let last = 0;
  for (const record of small.records) {
    const rank = order.indexOf(record.type);
    assert.ok(rank >= last, `${record.type} after ${order[last]}`);
    last = rank;
  }
  let n = 0;
  for (const parsed of demoRecords({ size: 300, seed: 1 })) {
    n++;
    assert.equal(parsed.ok, true);
    assert.equal(parsed.location, `demo:${n}`);
  }
});

test('23 organisations with real codes cover all three size classes and the other kinds', () => {
  assert.equal(medium.organisations.length, 23);
  const codes = medium.organisations.map((o) => o.code);
  for (const code of ['GM0363', 'GM0344', 'GM0228', 'PV26', 'W0155', 'VR09'])
    assert.ok(codes.includes(code), code);
  const classes = new Map<string, number>();
  for (const o of medium.organisations) {
    const count = o.inhabitants.find((i) => i.year === 2025)?.count ?? null;
    const cls = comparisonClass(o.kind, count);
    classes.set(String(cls), (classes.get(String(cls)) ?? 0) + 1);
    assert.equal(o.inhabitants.length, 2);
    assert.ok(o.inhabitants.every((i) => i.source === 'demo'));
  }
  for (const cls of ['klein', 'middelgroot', 'groot'])
    assert.ok((classes.get(cls) ?? 0) >= 4, `${cls}: ${classes.get(cls)}`);
  for (const cls of ['provincie', 'waterschap', 'veiligheidsregio']) assert.equal(classes.get(cls), 1, cls);
});

test('the first 23 organisations and their accounts do not depend on the size', () => {
  const big = demoIngestRecords({ size: 500_000, seed: 1 });
  const organisations: string[] = [];
  const accounts: AccountInput[] = [];
  for (const record of big) {
    if (record.type === 'organisation') organisations.push(record.organisation.code);
    else if (record.type === 'account') accounts.push(record.account);
    else break;
  }
  assert.ok(organisations.length > 23);
  assert.deepEqual(
    organisations.slice(0, 23),
    medium.organisations.map((o) => o.code),
  );
  const owned = medium.accounts.filter((a) => a.relation === 'owned');
  assert.deepEqual(accounts.slice(0, owned.length), owned);
});

test('every account has snapshots, and owned accounts belong to a known organisation', () => {
  const codes = new Set(medium.organisations.map((o) => o.code));
  const snapshotted = new Set(medium.snapshots.map((s) => key(s.platform, s.platformUserId)));
  for (const account of medium.accounts) {
    assert.ok(snapshotted.has(key(account.platform, account.platformUserId)), account.handle);
    if (account.relation === 'owned') assert.ok(codes.has(account.organisationCode ?? ''), account.handle);
  }
  const platforms = new Set(medium.accounts.map((a) => a.platform));
  assert.deepEqual([...platforms].sort(), ['bluesky', 'facebook', 'instagram', 'mastodon', 'x']);
  assert.ok(medium.accounts.some((a) => a.relation === 'watched'));
});

test('message ids are unique per platform; accounts write under their own id and handle', () => {
  const ids = new Set(medium.messages.map((m) => key(m.platform, m.platformId)));
  assert.equal(ids.size, medium.messages.length);
  const accounts = new Map(medium.accounts.map((a) => [key(a.platform, a.platformUserId), a]));
  const calendar = new DemoCalendar(2025);
  for (const m of medium.messages) {
    const account = accounts.get(key(m.platform, m.author.id));
    if (account !== undefined) assert.equal(m.author.handle, account.handle);
    assert.ok(+m.createdAt >= calendar.start && +m.createdAt < calendar.end, m.createdAt.toISOString());
    assert.equal(m.payload.format, 'demo');
    assert.equal(JSON.parse(m.payload.raw).id, m.platformId);
  }
});

test('at least 98% of replies answer a message the demo also yields, and about 1% do not', () => {
  const ids = new Set(medium.messages.map((m) => key(m.platform, m.platformId)));
  const replies = medium.messages.filter((m) => m.inReplyTo !== null);
  const missing = replies.filter((m) => !ids.has(key(m.platform, m.inReplyTo?.id ?? ''))).length;
  assert.ok(missing <= replies.length * 0.02, `${missing} of ${replies.length} replies have no parent`);
  assert.ok(missing > 0, 'some replies to unknown parents');
  for (const kind of ['repost', 'quote', 'dm', 'comment', 'reply', 'post']) {
    assert.ok(
      medium.messages.some((m) => m.kind === kind),
      kind,
    );
  }
});

/** Citizens' messages to an owned account (by reply, mention, DM or comment) and the first answer. */
function responses(demo: Demo) {
  const owned = new Map(
    demo.accounts.filter((a) => a.relation === 'owned').map((a) => [key(a.platform, a.platformUserId), a]),
  );
  const byHandle = new Map(
    [...owned.values()].map((a) => [key(a.platform, a.handle.toLowerCase()), a.platformUserId]),
  );
  const answers = new Map<string, MessageInput[]>();
  for (const m of demo.messages) {
    if (m.inReplyTo === null || !owned.has(key(m.platform, m.author.id))) continue;
    const k = key(m.platform, m.inReplyTo.id);
    answers.set(k, [...(answers.get(k) ?? []), m]);
  }
  const found: { message: MessageInput; answer: MessageInput | null }[] = [];
  for (const m of demo.messages) {
    if (owned.has(key(m.platform, m.author.id))) continue;
    const to = new Set<string>();
    if (m.inReplyTo?.authorId && owned.has(key(m.platform, m.inReplyTo.authorId)))
      to.add(m.inReplyTo.authorId);
    if (m.recipientId !== null && owned.has(key(m.platform, m.recipientId))) to.add(m.recipientId);
    const handles =
      m.mentions ??
      [...m.text.matchAll(/(?<![\p{L}\p{N}_])@([\p{L}\p{N}_]+)/gu)].map((x) =>
        (x[1] as string).toLowerCase(),
      );
    for (const h of handles) {
      const id = byHandle.get(key(m.platform, h));
      if (id !== undefined) to.add(id);
    }
    if (to.size === 0) continue;
    const mine = (answers.get(key(m.platform, m.platformId)) ?? []).filter((a) => to.has(a.author.id));
    mine.sort((a, b) => +a.createdAt - +b.createdAt);
    found.push({ message: m, answer: mine[0] ?? null });
  }
  return found;
}

test('some inbound messages stay unanswered, and a handful of answers predate their question', () => {
  const found = responses(medium);
  const unanswered = found.filter((f) => f.answer === null).length;
  assert.ok(
    unanswered > found.length * 0.05 && unanswered < found.length * 0.3,
    `${unanswered} of ${found.length}`,
  );
  const early = found.filter((f) => f.answer !== null && f.answer.createdAt < f.message.createdAt).length;
  assert.ok(early > 0 && early < found.length * 0.01, `${early} answers before their question`);
});

test('answers in office hours are faster than answers at night and at weekends (median)', () => {
  const calendar = new DemoCalendar(2025);
  const office: number[] = [];
  const outside: number[] = [];
  for (const { message, answer } of responses(medium)) {
    if (answer === null || answer.createdAt < message.createdAt) continue;
    const seconds = (+answer.createdAt - +message.createdAt) / 1000;
    (calendar.inOfficeHours(+message.createdAt) ? office : outside).push(seconds);
  }
  assert.ok(office.length > 100 && outside.length > 100);
  assert.ok(median(office) < 3600, `office median ${median(office)} s`);
  assert.ok(median(outside) > 4 * median(office), `outside median ${median(outside)} s`);
});

test('replies are signed with initials and mention the citizen on X, Mastodon and Bluesky', () => {
  const owned = new Set(
    medium.accounts.filter((a) => a.relation === 'owned').map((a) => key(a.platform, a.platformUserId)),
  );
  const answers = medium.messages.filter(
    (m) =>
      owned.has(key(m.platform, m.author.id)) && m.inReplyTo !== null && m.inReplyTo.authorId !== m.author.id,
  );
  assert.ok(
    answers.every((m) => /[*^][A-Z]{2}$/.test(m.text)),
    'signed',
  );
  const publicAnswers = answers.filter(
    (m) => m.kind === 'reply' && ['x', 'mastodon', 'bluesky'].includes(m.platform),
  );
  assert.ok(publicAnswers.every((m) => m.text.startsWith('@')));
  assert.ok(answers.some((m) => /geregistreerd onder nummer \d{7}/.test(m.text)));
  for (const m of medium.messages) {
    const structured = m.platform === 'mastodon' || m.platform === 'bluesky';
    assert.equal(m.mentions === null, !structured);
    assert.ok(m.mentions === null || m.mentions.every((h) => h === h.toLowerCase()));
  }
});

test('hostile texts are present even in a small demo, and every text is well-formed', () => {
  const texts = small.messages.map((m) => m.text);
  for (const probe of [
    /<script>/i,
    /onerror=/,
    /DROP TABLE/,
    /\u200B|\uFEFF/,
    /\u202E/,
    /[\u0300-\u036f]{2}/,
  ]) {
    assert.ok(
      texts.some((t) => probe.test(t)),
      String(probe),
    );
  }
  assert.ok(texts.some((t) => t.length >= 5000));
  const nul = String.fromCharCode(0);
  const wellFormed = (text: string) =>
    (text as unknown as { isWellFormed(): boolean }).isWellFormed() && !text.includes(nul);
  for (const m of medium.messages) {
    assert.ok(wellFormed(m.text), m.platformId);
    assert.ok(wellFormed(m.author.name ?? ''));
  }
});

test('demoSource streams the same records and reports progress', async () => {
  const source = demoSource({ size: 500, seed: 3 });
  assert.equal(source.format, 'demo');
  const streamed: string[] = [];
  for await (const parsed of source.records()) streamed.push(JSON.stringify(parsed));
  const direct = [...demoRecords({ size: 500, seed: 3 })].map((p) => JSON.stringify(p));
  assert.deepEqual(streamed, direct);
  assert.deepEqual(source.progress?.(), { done: 500, total: 500 });
  assert.throws(() => demoSource({ size: -1 }), RangeError);
});
