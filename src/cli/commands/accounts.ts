import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  ConnectError,
  type ConnectRequest,
  connectChannelAccount,
  prepareConnect,
} from '../../channels/connect.ts';
import { ADAPTERS } from '../../channels/registry.ts';
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
      const request: ConnectRequest = {
        platform,
        organisationCode: options.org ?? null,
        relation: options.relation ?? null,
        settings: pairs(options.set, '--set', false),
        secrets: pairs(options.secret, '--secret', true),
        syncIntervalMinutes: options.interval ? parsePositiveInt('--interval', options.interval) : null,
      };
      await cliProblems(async () => prepareConnect(request));
      await withDb(options, async (db) => {
        const added = await cliProblems(() => connectChannelAccount(db, loadSecretBox(db.location), request));
        const [listed] = await connectionList(db, [added.accountId]);
        printJson({ ...listed, capabilities: added.capabilities });
      });
    });

  withDbOption(accounts.command('list'))
    .description('the connected accounts and how their syncs stand, as JSON')
    .action(async (options: { db?: string }) => {
      await withDb(options, async (db) => printJson({ accounts: await connectionList(db) }));
    });
}

/** A refused connection as the CLI reports it: a usage error, or the platform's refusal. */
async function cliProblems<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!(error instanceof ConnectError)) throw error;
    if (error.problem.kind === 'channel') throw new Error(error.message);
    throw new UsageError(error.problem.kind === 'relation' ? `--${error.message}` : error.message);
  }
}
