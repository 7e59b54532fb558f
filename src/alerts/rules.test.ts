/**
 * Rule settings: defaults, what is refused and how it is said (Dutch and English), the webhook's
 * address (http(s) only), and the texts of notifications and their e-mail.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkRule, isWebhookUrl, SPIKE_DEFAULTS, settingsFromStore, storedSettings } from './rules.ts';
import { alertEmail, describeRuleProblem, excerpt, notificationText } from './texts.ts';
import { signature, verifySignature } from './webhook.ts';

describe('alert rules', () => {
  test('defaults: a spike per hour against a day of baseline; six quiet hours for terms', () => {
    const spike = checkRule({ kind: 'spike' });
    assert.deepEqual(spike.problems, []);
    assert.deepEqual(spike.settings, { kind: 'spike', ...SPIKE_DEFAULTS });
    assert.deepEqual(SPIKE_DEFAULTS, {
      windowMinutes: 60,
      baselineWindows: 24,
      zScore: 4,
      factor: 2,
      minCount: 10,
    });
    const term = checkRule({ kind: 'term', settings: { terms: 'brand\nexplosie, evacuatie\n' } });
    assert.deepEqual(term.problems, []);
    assert.deepEqual(term.settings, {
      kind: 'term',
      terms: ['brand', 'explosie', 'evacuatie'],
      quietHours: 6,
    });
    assert.deepEqual(term.recipients, { emailTo: [], webhookUrl: null });
  });

  test('stored as snake_case and read back the same', () => {
    const { settings } = checkRule({
      kind: 'spike',
      settings: { windowMinutes: '30', zScore: 3.5, min_count: 20 },
    });
    assert.deepEqual(storedSettings(settings), {
      window_minutes: 30,
      baseline_windows: 24,
      z_score: 3.5,
      factor: 2,
      min_count: 20,
    });
    assert.deepEqual(settingsFromStore('spike', storedSettings(settings)), settings);
    assert.throws(() => settingsFromStore('spike', { window_minutes: 7 }), /do not check/);
  });

  test('problems, each with its field, in words', () => {
    const { problems } = checkRule({
      kind: 'spike',
      settings: { windowMinutes: 50, zScore: 'veel', minCount: 0 },
      emailTo: 'webcare@utrecht.nl, geen-adres',
      webhookUrl: 'ftp://example.org/hook',
    });
    assert.deepEqual(
      problems.map((p) => [p.field, p.problem]),
      [
        ['windowMinutes', 'windowDivides'],
        ['zScore', 'range'],
        ['minCount', 'range'],
        ['emailTo', 'email'],
        ['webhookUrl', 'webhookUrl'],
      ],
    );
    assert.deepEqual(
      problems.map((p) => describeRuleProblem(p, 'nl')),
      [
        'Een venster moet een dag precies verdelen, zoals 15, 30, 60, 120 of 1440 minuten.',
        'Vul een getal in van 0 tot en met 50.',
        'Vul een getal in van 1 tot en met 1000000.',
        "'geen-adres' is geen geldig e-mailadres.",
        'Het adres van de webhook moet beginnen met https:// of http://, en mag geen gebruikersnaam of wachtwoord bevatten.',
      ],
    );
    assert.equal(
      describeRuleProblem({ field: 'kind', problem: 'unknownKind' }, 'en'),
      'Choose a kind of alert: a spike or signal words.',
    );
    const terms = checkRule({
      kind: 'term',
      settings: { terms: ['brand', 'explosie AND', 'x'.repeat(201)] },
    });
    assert.deepEqual(
      terms.problems.map((p) => describeRuleProblem(p, 'nl')),
      [
        "Het signaalwoord 'explosie AND' is zo geen zoekopdracht. Na AND op positie 10 komt geen zoekwoord. Tip: Zet na AND nog een zoekwoord, of haal AND weg.",
        `Het signaalwoord '${'x'.repeat(40)}…' is te lang: ten hoogste 200 tekens.`,
      ],
    );
    assert.deepEqual(
      checkRule({ kind: 'term', settings: { terms: ' , ' } }).problems.map((p) => p.problem),
      ['noTerms'],
    );
    assert.deepEqual(
      checkRule({ kind: 'alarm' }).problems.map((p) => p.problem),
      ['unknownKind'],
    );
  });

  test('a webhook is an http(s) address without credentials', () => {
    for (const good of ['https://hooks.example.org/meetlat', 'http://127.0.0.1:8080/x?y=1']) {
      assert.equal(isWebhookUrl(good), true, good);
    }
    for (const bad of [
      'ftp://example.org',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'https://u:p@example.org',
      'hooks.example.org',
      '',
    ]) {
      assert.equal(isWebhookUrl(bad), false, bad);
    }
  });

  test('signatures: sha256=<hex HMAC-SHA256 of the raw body>', () => {
    // The well-known example (RFC-style test vector from Wikipedia's HMAC article).
    assert.equal(
      signature('key', 'The quick brown fox jumps over the lazy dog'),
      'sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
    assert.equal(verifySignature('geheim', '{"a":1}', signature('geheim', '{"a":1}')), true);
    assert.equal(verifySignature('geheim', '{"a":2}', signature('geheim', '{"a":1}')), false);
    assert.equal(verifySignature('geheim', '{"a":1}', undefined), false);
  });

  test('notification texts in Dutch and English, and the e-mail in Dutch', () => {
    const spike = { kind: 'spike' as const, search: 'Afval', count: 48, baseline: 6.2, windowMinutes: 60 };
    assert.deepEqual(notificationText('nl', spike), {
      title: "Piek in 'Afval'",
      body: "Piek in 'Afval': 48 berichten in het afgelopen uur, normaal ongeveer 6.",
    });
    assert.equal(
      notificationText('en', { ...spike, windowMinutes: 30, baseline: 0.2 }).body,
      "Spike in 'Afval': 48 messages in the past 30 minutes, usually hardly any.",
    );
    assert.equal(
      notificationText('nl', { ...spike, windowMinutes: 120 }).body.includes('de afgelopen 2 uur'),
      true,
    );
    const term = {
      kind: 'term' as const,
      search: 'Meldingen',
      terms: ['brand', 'explosie'],
      count: 3,
      excerpt: 'Brand!',
    };
    assert.deepEqual(notificationText('nl', term), {
      title: "brand of explosie in 'Meldingen'",
      body: "3 berichten in 'Meldingen' noemen brand of explosie. Het eerste: “Brand!”",
    });
    assert.equal(notificationText('en', term).title, "brand or explosie in 'Meldingen'");
    const mail = alertEmail(notificationText('nl', spike), {
      organisation: 'Utrecht',
      search: 'Afval',
      url: 'https://meetlat.example/o/GM0344/luisteren/3',
    });
    assert.equal(mail.subject, "Meetlat: Piek in 'Afval'");
    assert.match(mail.text, /^Een melding van Meetlat voor Utrecht\.\n\nPiek in 'Afval': 48 berichten/);
    assert.match(
      mail.text,
      /Bekijk de zoekopdracht in Meetlat: https:\/\/meetlat\.example\/o\/GM0344\/luisteren\/3/,
    );
    assert.equal(excerpt(`  een\n\nlang   bericht ${'x'.repeat(300)}`, 20), 'een lang bericht xx…');
  });
});
