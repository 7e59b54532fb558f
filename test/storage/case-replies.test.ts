/**
 * Replying from a case through the real Mastodon adapter against the fake Mastodon server, on
 * both engines: a citizen's mention synced into a case; a canned answer with its variables and
 * the agent's initials sent as a reply to the citizen's status; the case answered by it and
 * waiting for the citizen; a reply the platform refuses stays failed with the platform's reason
 * and a retry sends it once; the next sync finds the reply without storing it twice; what stands
 * in a reply's way (no initials, too long, an unknown variable) is said before anything is sent.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type FakeMastodon, startFakeMastodon } from '../../src/channels/mastodon/fakeServer.ts';
import { syncAccount } from '../../src/ingest/sync.ts';
import { loadCaseDetail } from '../../src/store/caseDetail.ts';
import { listCases } from '../../src/store/caseList.ts';
import { upsertOrganisations } from '../../src/store/organisations.ts';
import type { SecretBox } from '../../src/store/secretBox.ts';
import { draftReply, type ReplyAuthor, retryReply, sendReply } from '../../src/webcare/replies.ts';
import { connectFake, testBox } from '../support/channels.ts';
import { describeOnEngines } from '../support/engines.ts';

const CANNED = 'Dank je wel {naam}! Je melding is geregistreerd onder nummer {zaaknummer}.';

describeOnEngines('replying from a case through Mastodon', (db) => {
  let fake: FakeMastodon;
  let box: SecretBox;
  let accountId: number;
  let organisationId: number;
  let author: ReplyAuthor;

  before(async () => {
    fake = await startFakeMastodon();
    box = testBox();
  });
  after(() => fake.close());

  async function caseOf(platformId: string) {
    const [row] = await db().query<{ case_id: number }>(
      'SELECT cm.case_id FROM case_messages cm JOIN messages m ON m.id = cm.message_id WHERE m.platform_id = $1',
      [platformId],
    );
    assert.ok(row, `a case for ${platformId}`);
    const [summary] = await listCases(db(), { caseId: row.case_id });
    assert.ok(summary);
    return summary;
  }

  test('a synced mention becomes a case; a canned answer goes out signed, and answers the case', async () => {
    await upsertOrganisations(db(), [
      {
        code: 'GM9999',
        name: 'Lindewaard',
        displayName: null,
        kind: 'gemeente',
        provinceCode: null,
        safetyRegionCode: null,
        inhabitants: [],
      },
    ]);
    const [org] = await db().query<{ id: number }>("SELECT id FROM organisations WHERE code = 'GM9999'");
    organisationId = Number(org?.id);
    const [user] = await db().query<{ id: number }>(
      "INSERT INTO users (email, name, initials) VALUES ('bk@lindewaard.example', 'Bas Kok', 'BK') RETURNING id",
    );
    author = {
      userId: Number(user?.id),
      name: 'Bas Kok',
      email: 'bk@lindewaard.example',
      ip: null,
      initials: 'BK',
    };
    accountId = await connectFake(db(), box, fake, { organisationCode: 'GM9999' });
    assert.equal((await syncAccount(db(), box, accountId, { trigger: 'manual' })).ok, true);
    const mention = fake.addInbound('de tijd op het busstation staat nog niet goed');
    assert.equal((await syncAccount(db(), box, accountId, { trigger: 'manual' })).ok, true);
    const c = await caseOf(mention);
    assert.equal(c.status, 'nieuw');

    const { draft, problems } = await draftReply(db(), box, organisationId, c.id, CANNED, author);
    assert.deepEqual(problems, []);
    assert.ok(draft?.text.endsWith(`nummer ${c.number}. *BK`), draft?.text);
    assert.equal(draft?.maxLength, 500);

    const before = fake.sent.length;
    const outcome = await sendReply(db(), box, { organisationId, caseId: c.id, text: CANNED, author });
    assert.equal(outcome.ok, true, JSON.stringify(outcome));
    assert.equal(fake.sent.length, before + 1);
    const sent = fake.sent.at(-1);
    assert.match(sent?.params.status ?? '', new RegExp(`geregistreerd onder nummer ${c.number}\\. \\*BK$`));
    assert.ok(sent?.params.in_reply_to_id, 'a reply to the citizen’s status');
    assert.ok(sent?.idempotencyKey);

    const answered = await loadCaseDetail(db(), organisationId, c.id);
    assert.ok(answered);
    assert.equal(answered.case.status, 'wacht', 'answered: waiting for the citizen');
    assert.ok(answered.case.firstResponseAt);
    assert.equal(answered.replies[0]?.state, 'sent');
    assert.ok(
      answered.conversation.some((m) => m.own && m.text.endsWith('*BK')),
      'the answer in the conversation',
    );
    assert.ok(answered.events.some((e) => e.kind === 'replied'));

    // The next sync reads the reply from the platform and stores nothing twice.
    assert.equal((await syncAccount(db(), box, accountId, { trigger: 'manual' })).ok, true);
    const [copies] = await db().query<{ n: number }>(
      'SELECT count(*)::integer AS n FROM messages WHERE platform = $1 AND platform_id = $2',
      ['mastodon', sent?.status.uri],
    );
    assert.equal(copies?.n, 1);
  });

  test('a refused reply stays failed with the reason; a retry sends it exactly once', async () => {
    const mention = fake.addInbound('er ligt een gevaarlijk bord op het fietspad');
    await syncAccount(db(), box, accountId, { trigger: 'manual' });
    const c = await caseOf(mention);
    fake.server.inject(/^\/api\/v1\/statuses$/, { kind: 'server_error' });
    const before = fake.sent.length;
    const failed = await sendReply(db(), box, {
      organisationId,
      caseId: c.id,
      text: 'We halen het vandaag weg.',
      author,
    });
    assert.equal(failed.ok, false);
    assert.ok(!failed.ok && 'failed' in failed && failed.failed.kind === 'transient', JSON.stringify(failed));
    assert.equal(fake.sent.length, before, 'nothing was posted');
    const detail = await loadCaseDetail(db(), organisationId, c.id);
    assert.equal(detail?.replies[0]?.state, 'failed');
    assert.ok(detail?.replies[0]?.errorText);
    assert.equal(detail?.case.status, 'nieuw', 'still waiting for an answer');
    const replyId = detail?.replies[0]?.id ?? 0;

    const retried = await Promise.all([
      retryReply(db(), box, { organisationId, caseId: c.id, replyId, author }),
      retryReply(db(), box, { organisationId, caseId: c.id, replyId, author }),
    ]);
    assert.equal(retried.filter((r) => r.ok).length, 1, JSON.stringify(retried));
    assert.ok(
      retried.some((r) => !r.ok && 'busy' in r),
      'the second click finds the attempt under way',
    );
    assert.equal(fake.sent.length, before + 1, 'sent once');
    assert.match(fake.sent.at(-1)?.params.status ?? '', /vandaag weg\. \*BK$/);
    const after = await loadCaseDetail(db(), organisationId, c.id);
    assert.equal(after?.replies[0]?.state, 'sent');
    assert.equal(after?.replies[0]?.attempts, 2);
    assert.ok(after?.events.some((e) => e.kind === 'reply_failed'));
    assert.equal(after?.case.status, 'wacht');
  });

  test('what stands in a reply’s way is said before anything is sent', async () => {
    const mention = fake.addInbound('vraagje over parkeren');
    await syncAccount(db(), box, accountId, { trigger: 'manual' });
    const c = await caseOf(mention);
    const before = fake.sent.length;
    const noInitials = await sendReply(db(), box, {
      organisationId,
      caseId: c.id,
      text: 'Hallo',
      author: { ...author, initials: null },
    });
    assert.deepEqual(noInitials, { ok: false, problems: [{ problem: 'no_initials' }] });
    const long = await sendReply(db(), box, { organisationId, caseId: c.id, text: 'a'.repeat(600), author });
    assert.ok(
      !long.ok && 'problems' in long && long.problems[0]?.problem === 'too_long',
      JSON.stringify(long),
    );
    // The signature counts too: 600 letters, a space and *BK, against Mastodon's 500.
    assert.deepEqual(long.problems[0], { problem: 'too_long', length: 604, max: 500, platform: 'mastodon' });
    const unknown = await sendReply(db(), box, {
      organisationId,
      caseId: c.id,
      text: 'Beste {adres}',
      author,
    });
    assert.deepEqual(unknown, { ok: false, problems: [{ problem: 'unknown_variable', names: ['adres'] }] });
    const foreign = await sendReply(db(), box, {
      organisationId: organisationId + 1000,
      caseId: c.id,
      text: 'x',
      author,
    });
    assert.deepEqual(foreign, { ok: false, problems: [{ problem: 'not_found' }] });
    assert.equal(fake.sent.length, before, 'nothing was posted');
  });
});
