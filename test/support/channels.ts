import { randomBytes } from 'node:crypto';
import { startFakeBluesky } from '../../src/channels/bluesky/fakeServer.ts';
import { startFakeFacebook } from '../../src/channels/facebook/fakeServer.ts';
import type { FakePlatform } from '../../src/channels/fakeServer.ts';
import { startFakeInstagram } from '../../src/channels/instagram/fakeServer.ts';
import { startFakeMastodon } from '../../src/channels/mastodon/fakeServer.ts';
import { adapterFor } from '../../src/channels/registry.ts';
import { startFakeRss } from '../../src/channels/rss/fakeServer.ts';
import { startFakeX } from '../../src/channels/x/fakeServer.ts';
import { connectAccount } from '../../src/store/connections.ts';
import type { Db } from '../../src/store/db.ts';
import { SecretBox } from '../../src/store/secretBox.ts';

/** A key for a test's sealed secrets. */
export function testBox(): SecretBox {
  return SecretBox.fromKey(randomBytes(32));
}

/** Connects the fake's account as `meetlat accounts add` does: identify, then store. */
export async function connectFake(
  db: Db,
  box: SecretBox,
  fake: FakePlatform,
  options: { organisationCode?: string | null; relation?: 'owned' | 'watched' } = {},
): Promise<number> {
  const adapter = adapterFor(fake.platform);
  const settings = adapter.parseSettings(fake.settings);
  const identity = await adapter.create(settings, fake.secrets, { async saveSecrets() {} }).identify();
  return connectAccount(db, box, {
    account: {
      platform: fake.platform,
      platformUserId: identity.platformUserId,
      handle: identity.handle,
      displayName: identity.displayName,
      relation: options.relation ?? adapter.defaultRelation,
      organisationCode: options.organisationCode ?? null,
    },
    settings,
    secrets: fake.secrets,
    syncIntervalMinutes: adapter.syncIntervalMinutes,
  });
}

/** The platform ids stored for a platform, and how often each (should be once). */
export async function storedIds(db: Db, platform: string): Promise<{ ids: Set<string>; rows: number }> {
  const rows = await db.query<{ platform_id: string }>(
    'SELECT platform_id FROM messages WHERE platform = $1',
    [platform],
  );
  return { ids: new Set(rows.map((r) => r.platform_id)), rows: rows.length };
}

/** Platform ids of the messages inbound to an account (the activity facts). */
export async function inboundIdsOf(db: Db, accountId: number): Promise<Set<string>> {
  const rows = await db.query<{ platform_id: string }>(
    `SELECT m.platform_id FROM inbound_messages i JOIN messages m ON m.id = i.message_id WHERE i.account_id = $1`,
    [accountId],
  );
  return new Set(rows.map((r) => r.platform_id));
}

/** Every adapter's fake platform, as the generic sync tests drive them. */
export const FAKES: readonly { platform: string; start: () => Promise<FakePlatform> }[] = [
  { platform: 'mastodon', start: () => startFakeMastodon() },
  { platform: 'bluesky', start: () => startFakeBluesky() },
  { platform: 'facebook', start: () => startFakeFacebook() },
  { platform: 'instagram', start: () => startFakeInstagram() },
  { platform: 'x', start: () => startFakeX() },
  { platform: 'rss', start: () => startFakeRss({ format: 'atom' }) },
];

/** The fakes the end-to-end test adds through the CLI. */
export const E2E_FAKES = FAKES.filter((f) => ['mastodon', 'bluesky', 'rss'].includes(f.platform));
