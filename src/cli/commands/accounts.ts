import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { SettingsError } from '../../channels/channel.ts';
import { ChannelError, ERROR_KIND_DUTCH } from '../../channels/errors.ts';
import { ADAPTERS, adapterFor, UnknownPlatformError } from '../../channels/registry.ts';
import { connectAccount } from '../../store/connections.ts';
import { findOrganisation } from '../../store/organisations.ts';
import { loadSecretBox } from '../../store/secretBox.ts';
import { parsePositiveInt, printJson, UsageError, withDb, withDbOption } from '../context.ts';
import { connectionList } from './syncStatus.ts';

interface AddOptions {
  db?: string;
  org?: string;
  relation?: string;
  set: string[];
  secret: string[];
  interval?: string;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `key=value` pairs; a secret's value may be `env:NAME` or `@file` to keep it out of shell history. */
function pairs(values: readonly string[], option: string, secret: boolean): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of values) {
    const eq = pair.indexOf('=');
    if (eq <= 0)
      throw new UsageError(`${option} takes key=value, not ${JSON.stringify(secret ? '…' : pair)}`);
    const key = pair.slice(0, eq);
    let value = pair.slice(eq + 1);
    if (secret && value.startsWith('env:')) {
      const name = value.slice(4);
      const found = process.env[name];
      if (found === undefined)
        throw new UsageError(`${option} ${key}: environment variable ${name} is not set`);
      value = found;
    } else if (secret && value.startsWith('@')) {
      try {
        value = readFileSync(value.slice(1), 'utf8').trim();
      } catch (error) {
        throw new UsageError(`${option} ${key}: cannot read ${value.slice(1)}: ${(error as Error).message}`);
      }
    }
    result[key] = value;
  }
  return result;
}

export function registerAccounts(program: Command): void {
  const accounts = program.command('accounts').description('channel accounts: connect, list');
  withDbOption(accounts.command('add'))
    .description(
      `connects an account through its platform (${ADAPTERS.map((a) => a.platform).join(', ')}): checks the credentials with the platform, stores them encrypted and schedules its sync; prints the account as JSON`,
    )
    .argument('<platform>', ADAPTERS.map((a) => `${a.platform}: ${a.label}`).join('; '))
    .option('--org <code>', 'organisation the account belongs to')
    .option(
      '--relation <relation>',
      'owned (the organisation speaks through it) or watched (default: owned; watched for feeds)',
    )
    .option(
      '--set <key=value>',
      'a setting (repeatable), e.g. instanceUrl=https://social.example',
      collect,
      [],
    )
    .option(
      '--secret <key=value>',
      'a credential (repeatable); value env:NAME reads an environment variable, @file a file',
      collect,
      [],
    )
    .option('--interval <minutes>', 'minutes between scheduled syncs (default: the platform’s)')
    .action(async (platform: string, options: AddOptions) => {
      let adapter: ReturnType<typeof adapterFor>;
      try {
        adapter = adapterFor(platform);
      } catch (error) {
        if (error instanceof UnknownPlatformError) throw new UsageError(error.message);
        throw error;
      }
      const relation = options.relation ?? adapter.defaultRelation;
      if (relation !== 'owned' && relation !== 'watched') {
        throw new UsageError(`--relation must be owned or watched, not ${JSON.stringify(relation)}`);
      }
      let settings: unknown;
      try {
        settings = adapter.parseSettings(pairs(options.set, '--set', false));
      } catch (error) {
        if (error instanceof SettingsError) throw new UsageError(`settings of ${platform}: ${error.message}`);
        throw error;
      }
      let secrets = pairs(options.secret, '--secret', true);
      const missing = Object.keys(adapter.secrets).filter((name) => !(name in secrets));
      const unknown = Object.keys(secrets).filter((name) => !(name in adapter.secrets));
      if (unknown.length > 0) {
        throw new UsageError(
          `${platform} has no credential ${unknown.join(', ')}; it takes: ${describeSecrets(adapter.secrets)}`,
        );
      }
      const interval = options.interval
        ? parsePositiveInt('--interval', options.interval)
        : adapter.syncIntervalMinutes;
      await withDb(options, async (db) => {
        if (options.org && !(await findOrganisation(db, options.org))) {
          throw new UsageError(
            `organisation ${JSON.stringify(options.org)} does not exist (see meetlat orgs list)`,
          );
        }
        const channel = adapter.create(settings, secrets, {
          async saveSecrets(refreshed) {
            secrets = refreshed;
          },
        });
        let identity: Awaited<ReturnType<typeof channel.identify>>;
        try {
          identity = await channel.identify();
        } catch (error) {
          if (error instanceof ChannelError) {
            const hint = missing.length > 0 ? ` (missing: ${describeSecrets(adapter.secrets, missing)})` : '';
            throw new Error(
              `${platform}: ${ERROR_KIND_DUTCH[error.kind]}: ${error.message} (${error.where})${hint}`,
            );
          }
          throw error;
        }
        const accountId = await connectAccount(db, loadSecretBox(db.location), {
          account: {
            platform,
            platformUserId: identity.platformUserId,
            handle: identity.handle,
            displayName: identity.displayName,
            relation,
            organisationCode: options.org ?? null,
          },
          settings,
          secrets,
          syncIntervalMinutes: interval,
        });
        const [added] = await connectionList(db, [accountId]);
        printJson({ ...added, capabilities: channel.capabilities });
      });
    });

  withDbOption(accounts.command('list'))
    .description('the connected accounts and how their syncs stand, as JSON')
    .action(async (options: { db?: string }) => {
      await withDb(options, async (db) => printJson({ accounts: await connectionList(db) }));
    });
}

function describeSecrets(secrets: Readonly<Record<string, string>>, names = Object.keys(secrets)): string {
  return names.map((name) => `${name} (${secrets[name]})`).join(', ');
}
