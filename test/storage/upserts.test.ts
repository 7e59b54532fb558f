import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ndjsonSource } from '../../src/importers/ndjson.ts';
import { ingest } from '../../src/ingest/pipeline.ts';
import { testOnEngines } from '../support/engines.ts';

testOnEngines(
  'the same organisation, account or snapshot twice in one file: the last one stands, nothing is lost',
  async (db) => {
    const file = join(mkdtempSync(join(tmpdir(), 'meetlat-')), 'twice.ndjson');
    writeFileSync(
      file,
      [
        '{"type":"organisation","code":"GM0344","name":"Utrecht","kind":"gemeente","inhabitants":{"2024":367984}}',
        '{"type":"organisation","code":"GM0344","name":"Utrecht (gemeente)","kind":"gemeente","inhabitants":{"2024":368000}}',
        '{"type":"account","platform":"mastodon","id":"1","handle":"utrecht","organisation":"GM0344"}',
        '{"type":"account","platform":"mastodon","id":"1","handle":"gemeenteutrecht","organisation":"GM0344"}',
        '{"type":"snapshot","platform":"mastodon","account_id":"1","taken_at":"2025-01-01T00:00:00Z","followers":10}',
        '{"type":"snapshot","platform":"mastodon","account_id":"1","taken_at":"2025-01-01T00:00:00Z","followers":12}',
        '{"platform":"mastodon","id":"m1","author":{"id":"2"},"created_at":"2025-03-01T10:00:00Z","text":"@gemeenteutrecht hallo"}',
      ].join('\n'),
    );
    const report = await ingest(db, ndjsonSource(file), {
      sourceKind: 'file',
      source: file,
      sourceSha256: null,
    });
    assert.deepEqual([report.read, report.rejected], [7, 0]);
    const [row] = await db.query<{
      name: string;
      handle: string;
      followers: number;
      inhabitants: number;
      messages: number;
    }>(
      `SELECT o.name, a.handle, s.followers, i.inhabitants, (SELECT count(*) FROM messages) AS messages
     FROM organisations o JOIN accounts a ON a.organisation_id = o.id
     JOIN account_snapshots s ON s.account_id = a.id JOIN organisation_inhabitants i ON i.organisation_id = o.id`,
    );
    assert.deepEqual(row, {
      name: 'Utrecht (gemeente)',
      handle: 'gemeenteutrecht',
      followers: 12,
      inhabitants: 368000,
      messages: 1,
    });
  },
);
