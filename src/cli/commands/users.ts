import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  type Actor,
  addMember,
  addUser,
  changeDisabled,
  generatedPassword,
  NotAMember,
  PeopleError,
  setMemberRole,
} from '../../identity/people.ts';
import { isRole, ROLES } from '../../identity/roles.ts';
import type { Db } from '../../store/db.ts';
import { findOrganisation } from '../../store/organisations.ts';
import { DuplicateUserError, findUserByEmail, listUsers } from '../../store/users.ts';
import { parseFormat, printJson, say, UsageError, withDb, withDbOption } from '../context.ts';

/**
 * `meetlat users add|list|set-role|disable`: the accounts people log in with. Every change is in
 * the audit log with `cli` as the actor.
 */
const CLI: Actor = { userId: null, name: 'cli', ip: null };

/** A password from `env:NAME` or `@file`, so it stays out of the shell's history. */
function readPassword(value: string): string {
  if (value.startsWith('env:')) {
    const found = process.env[value.slice(4)];
    if (found === undefined)
      throw new UsageError(`--password: environment variable ${value.slice(4)} is not set`);
    return found;
  }
  if (value.startsWith('@')) return readFileSync(value.slice(1), 'utf8').replace(/\r?\n$/, '');
  throw new UsageError(
    '--password takes env:NAME or @file (a password on the command line would stay in the shell history)',
  );
}

async function organisationId(db: Db, code: string): Promise<number> {
  const organisation = await findOrganisation(db, code);
  if (!organisation)
    throw new UsageError(`no organisation with code ${JSON.stringify(code)} (see meetlat orgs list)`);
  return organisation.id;
}

function parseRole(value: string | undefined, allowNone: boolean): (typeof ROLES)[number] | null {
  if (value === undefined) throw new UsageError(`--role is needed: one of ${ROLES.join(', ')}`);
  if (allowNone && value === 'none') return null;
  if (!isRole(value)) {
    throw new UsageError(
      `--role must be one of ${ROLES.join(', ')}${allowNone ? ', none' : ''}, not ${JSON.stringify(value)}`,
    );
  }
  return value;
}

async function withPeople<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof PeopleError || error instanceof DuplicateUserError)
      throw new UsageError(error.message);
    throw error;
  }
}

export function registerUsers(program: Command): void {
  const users = program.command('users').description('the people who log in to the web app, and their roles');

  withDbOption(users.command('add'))
    .description('adds a user; without --password a password is made and printed once')
    .argument('<email>', 'e-mail address (the login name)')
    .requiredOption('--name <name>', 'full name')
    .option('--org <code>', 'organisation to make the user a member of')
    .option('--role <role>', `role in that organisation: ${ROLES.join(', ')}`)
    .option('--initials <letters>', 'signature under webcare replies, such as BK')
    .option('--password <env:NAME|@file>', 'the password, from an environment variable or a file')
    .option('--superbeheerder', 'platform-wide administrator of every organisation')
    .action(
      async (
        email: string,
        options: {
          db?: string;
          name: string;
          org?: string;
          role?: string;
          initials?: string;
          password?: string;
          superbeheerder?: boolean;
        },
      ) => {
        if ((options.org === undefined) !== (options.role === undefined))
          throw new UsageError('--org and --role go together');
        const password = options.password ? readPassword(options.password) : generatedPassword();
        await withDb(options, async (db) =>
          withPeople(async () => {
            const membership = options.org
              ? {
                  organisationId: await organisationId(db, options.org),
                  role: parseRole(options.role, false) as (typeof ROLES)[number],
                }
              : null;
            const id = await addUser(db, CLI, {
              email,
              name: options.name,
              initials: options.initials ?? null,
              password,
              superbeheerder: options.superbeheerder ?? false,
              membership,
            });
            printJson({
              id,
              email: email.trim().toLowerCase(),
              organisation: options.org ?? null,
              role: membership?.role ?? null,
              superbeheerder: options.superbeheerder ?? false,
              ...(options.password ? {} : { password }),
            });
          }),
        );
      },
    );

  withDbOption(users.command('list'))
    .description('lists users with their organisations and roles')
    .option('--org <code>', 'only the members of this organisation')
    .option('--format <format>', 'json or table', 'table')
    .action(async (options: { db?: string; org?: string; format: string }) => {
      const format = parseFormat(options.format, ['json', 'table'] as const);
      await withDb(options, async (db) => {
        const list = await listUsers(db, options.org ? await organisationId(db, options.org) : undefined);
        const rows = list.map((u) => ({
          email: u.email,
          name: u.name,
          initials: u.initials,
          superbeheerder: u.superbeheerder,
          disabled: u.disabled,
          totp: u.totpEnabled,
          last_login_at: u.lastLoginAt?.toISOString() ?? null,
          memberships: u.memberships.map((m) => ({ organisation: m.code, role: m.role })),
        }));
        if (format === 'json') return printJson(rows);
        for (const r of rows) {
          const roles = r.memberships.map((m) => `${m.organisation}:${m.role}`).join(', ');
          process.stdout.write(
            `${r.email}\t${r.name}\t${r.superbeheerder ? 'superbeheerder ' : ''}${roles || '-'}${r.disabled ? '\t(uitgeschakeld)' : ''}\n`,
          );
        }
      });
    });

  withDbOption(users.command('set-role'))
    .description('gives a user a role in an organisation (none: removes the membership)')
    .argument('<email>', 'the user')
    .requiredOption('--org <code>', 'the organisation')
    .requiredOption('--role <role>', `${ROLES.join(', ')}, or none`)
    .action(async (email: string, options: { db?: string; org: string; role: string }) => {
      const role = parseRole(options.role, true);
      await withDb(options, async (db) => {
        const user = await findUserByEmail(db, email);
        if (!user) throw new UsageError(`no user with e-mail ${email}`);
        const orgId = await organisationId(db, options.org);
        await withPeople(async () => {
          try {
            await setMemberRole(db, CLI, orgId, user.id, role);
          } catch (error) {
            // Not a member yet: a role makes the user one; `none` has nothing to remove.
            if (!(error instanceof NotAMember) || role === null) throw error;
            await addMember(db, CLI, { organisationId: orgId, email: user.email, name: user.name, role });
          }
        });
        say(`${user.email}: ${role ?? 'geen lid meer'} in ${options.org}`);
      });
    });

  withDbOption(users.command('disable'))
    .description('disables a user (logged out at once, cannot log in); --enable undoes it')
    .argument('<email>', 'the user')
    .option('--enable', 'enable the user again')
    .action(async (email: string, options: { db?: string; enable?: boolean }) => {
      await withDb(options, async (db) =>
        withPeople(async () => {
          await changeDisabled(db, CLI, email, !options.enable);
          say(`${email.trim().toLowerCase()}: ${options.enable ? 'ingeschakeld' : 'uitgeschakeld'}`);
        }),
      );
    });
}
