/**
 * Alert deliveries, on both engines, to a real SMTP sink (`smtp-server`) and a real HTTP receiver
 * on loopback: exactly one e-mail per episode; the webhook's HMAC signature checks out with the
 * rule's secret; a receiver that fails twice (HTTP 500) gets the event on the retry, with the
 * same event id each time, after the backoff and not before, and never again after a success.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { deliverPending } from '../../src/alerts/deliver.ts';
import { evaluateAlerts } from '../../src/alerts/evaluate.ts';
import { verifySignature } from '../../src/alerts/webhook.ts';
import { type Mailer, smtpMailer } from '../../src/server/mail.ts';
import { at, BOX, HOUR, ORGS, ruleOn, seen } from '../support/alertWorld.ts';
import { describeOnEngines } from '../support/engines.ts';
import { importLines, msg } from '../support/yardstickFixtures.ts';

const SECRET = 'een-geheim-alleen-voor-deze-test';
const T = '2025-04-01T08:00:00Z';
const MIN = 60_000;

class MailSink {
  readonly mails: { to: string[]; raw: string }[] = [];
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        this.mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  port = 0;
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/** Answers 204, or 500 while `failures` is above zero. */
class Receiver {
  readonly received: Received[] = [];
  failures = 0;
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const status = this.failures > 0 ? 500 : 204;
      if (this.failures > 0) this.failures--;
      this.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), status });
      response.writeHead(status).end();
    });
  });
  url = '';
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/meetlat`;
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describeOnEngines('alert deliveries', (db) => {
  const sink = new MailSink();
  const receiver = new Receiver();
  let mailer: Mailer;
  before(async () => {
    await sink.start();
    await receiver.start();
    mailer = smtpMailer(`smtp://127.0.0.1:${sink.port}`, 'Meetlat <meetlat@test>');
  });
  after(async () => {
    mailer.close();
    await sink.close();
    await receiver.close();
  });

  test('one e-mail per episode, signed webhooks, retried with the same event id until received', async () => {
    const say = (id: string, minutes: number, text: string) =>
      msg({ platform: 'mastodon', id, author: `c-${id}`, at: at(T, minutes * MIN).toISOString(), text });
    await importLines(db(), [
      ...ORGS,
      say('d1', 10, '@utrecht brand bij de Dom'),
      say('d2', 20, '@utrecht de brand is groot'),
      say('d3', 180, '@utrecht alweer brand'),
    ]);
    const rule = await ruleOn(
      db(),
      'GM0344',
      { name: 'Meldingen', query: '@utrecht' },
      {
        kind: 'term',
        settings: { terms: ['brand'], quiet_hours: 1 },
        emailTo: 'webcare@utrecht.test',
        webhookUrl: receiver.url,
        webhookSecret: SECRET,
      },
    );
    const evaluate = (minutes: number) => evaluateAlerts(db(), { now: at(T, minutes * MIN) });
    const deliver = (ms: number) => deliverPending(db(), { box: BOX, mailer, now: at(T, ms) });

    await evaluate(0);
    assert.equal((await evaluate(15)).deliveries, 2, 'an e-mail and a webhook call');
    assert.deepEqual(await deliver(15 * MIN), { sent: 2, failed: 0, skipped: 0 });
    assert.equal(sink.mails.length, 1);
    assert.deepEqual(sink.mails[0]?.to, ['webcare@utrecht.test']);
    assert.match(sink.mails[0]?.raw ?? '', /^Subject: Meetlat: brand in 'Meldingen'/m);
    assert.equal(receiver.received.length, 1);
    const first = receiver.received[0] as Received;
    const expected = createHmac('sha256', SECRET).update(first.body).digest('hex');
    assert.equal(first.headers['x-meetlat-signature'], `sha256=${expected}`);
    assert.equal(verifySignature(SECRET, first.body, first.headers['x-meetlat-signature'] as string), true);
    assert.equal(
      verifySignature('een ander geheim', first.body, first.headers['x-meetlat-signature'] as string),
      false,
    );
    assert.equal(first.headers['x-meetlat-timestamp'], String(at(T, 15 * MIN).getTime() / 1000));
    assert.equal(first.headers['content-type'], 'application/json; charset=utf-8');
    const event = JSON.parse(first.body) as {
      id: string;
      type: string;
      search: { name: string };
      episode: { terms: string[] };
    };
    assert.equal(first.headers['x-meetlat-event'], event.id);
    assert.equal(first.headers['idempotency-key'], event.id);
    assert.equal(event.type, 'alert.episode.started');
    assert.equal(event.search.name, 'Meldingen');
    assert.deepEqual(event.episode.terms, ['brand']);

    // More of the same episode: nothing new to send, now or later.
    assert.equal((await evaluate(25)).deliveries, 0);
    assert.deepEqual(await deliver(25 * MIN), { sent: 0, failed: 0, skipped: 0 });
    assert.deepEqual(await deliver(5 * HOUR), { sent: 0, failed: 0, skipped: 0 });

    // A new episode (after the quiet hour); the receiver fails twice.
    receiver.failures = 2;
    const start = 185 * MIN;
    assert.equal((await evaluate(185)).notifications, 1);
    assert.deepEqual(
      await deliver(start),
      { sent: 1, failed: 1, skipped: 0 },
      'the e-mail goes, the call fails',
    );
    assert.deepEqual(
      await deliver(start + 10_000),
      { sent: 0, failed: 0, skipped: 0 },
      'not before the backoff',
    );
    assert.deepEqual(await deliver(start + 31_000), { sent: 0, failed: 1, skipped: 0 });
    assert.deepEqual(await deliver(start + 60_000), { sent: 0, failed: 0, skipped: 0 });
    assert.deepEqual(await deliver(start + 92_000), { sent: 1, failed: 0, skipped: 0 });
    assert.deepEqual(await deliver(start + 24 * HOUR), { sent: 0, failed: 0, skipped: 0 });
    const second = receiver.received.slice(1);
    assert.deepEqual(
      second.map((r) => r.status),
      [500, 500, 204],
    );
    const ids = new Set(second.map((r) => r.headers['x-meetlat-event']));
    assert.equal(ids.size, 1, 'the same event id on every attempt');
    assert.notEqual([...ids][0], event.id, 'another episode, another event');
    assert.equal(new Set(second.map((r) => r.body)).size, 1, 'the same body on every attempt');
    for (const r of second)
      assert.equal(verifySignature(SECRET, r.body, r.headers['x-meetlat-signature'] as string), true);
    assert.equal(sink.mails.length, 2, 'one e-mail per episode');

    const [webhook] = await db().query<{ status: string; attempts: number; last_error: string | null }>(
      `SELECT status, attempts, last_error FROM alert_deliveries WHERE channel = 'webhook' ORDER BY id DESC LIMIT 1`,
    );
    assert.deepEqual(webhook, { status: 'sent', attempts: 3, last_error: null });
    assert.equal((await seen(db(), rule.ruleId)).episodes.length, 2);
  });

  test('an unreachable webhook is kept and retried, with the reason', async () => {
    // A port nothing listens on any more.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const nowhere = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/nergens`;
    await new Promise((resolve) => closed.close(resolve));
    const rule = await ruleOn(
      db(),
      'GM0363',
      { name: 'Brand', query: '@amsterdam' },
      { kind: 'term', settings: { terms: ['brand'] }, webhookUrl: nowhere },
    );
    await evaluateAlerts(db(), { now: at(T, 0), organisationId: rule.organisationId });
    await importLines(db(), [
      msg({
        platform: 'mastodon',
        id: 'x1',
        author: 'c-x1',
        at: at(T, 5 * MIN).toISOString(),
        text: '@amsterdam brand!',
      }),
    ]);
    await evaluateAlerts(db(), { now: at(T, 6 * MIN), organisationId: rule.organisationId });
    const summary = await deliverPending(db(), {
      box: BOX,
      mailer,
      now: at(T, 6 * MIN),
      organisationId: rule.organisationId,
    });
    assert.deepEqual(summary, { sent: 0, failed: 1, skipped: 0 });
    const [row] = await db().query<{ status: string; last_error: string; next_attempt_at: Date }>(
      `SELECT status, last_error, next_attempt_at FROM alert_deliveries WHERE target = $1`,
      [nowhere],
    );
    assert.equal(row?.status, 'pending');
    assert.match(row?.last_error ?? '', /could not reach the webhook: ECONNREFUSED/);
    assert.deepEqual(row?.next_attempt_at, at(T, 6 * MIN + 30_000));
  });
});
