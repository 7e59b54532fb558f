import type { Command } from 'commander';
import { updateActivity } from '../../store/activity.ts';
import { type CaseSummary, listCases } from '../../store/caseList.ts';
import { updateCases } from '../../store/cases.ts';
import { findOrganisation } from '../../store/organisations.ts';
import { CASE_STATUSES, type CaseStatus } from '../../webcare/placement.ts';
import { parseFormat, parsePositiveInt, printJson, UsageError, withDb, withDbOption } from '../context.ts';

const FORMATS = ['json', 'text'] as const;

/** A case as the CLI prints it: the contract's fields first. */
export function caseJson(c: CaseSummary) {
  return {
    number: c.number,
    status: c.status,
    organisation: c.organisation,
    channel: c.platform,
    opened_at: c.openedAt.toISOString(),
    first_response_at: c.firstResponseAt?.toISOString() ?? null,
    sla_first_response_due_at: c.firstResponseDueAt.toISOString(),
    assignee: c.assignee?.name ?? null,
    messages: c.messages,
    account: c.accountHandle,
    citizen: c.citizenHandle,
    citizen_id: c.citizenId,
    last_inbound_at: c.lastInboundAt.toISOString(),
    waiting_since: c.waitingSince?.toISOString() ?? null,
    response_due_at: c.responseDueAt?.toISOString() ?? null,
    sla_resolution_due_at: c.resolutionDueAt.toISOString(),
    resolved_at: c.resolvedAt?.toISOString() ?? null,
    assignee_email: c.assignee?.email ?? null,
    category: c.category,
    tags: c.tags,
  };
}

/**
 * `meetlat cases list`: the webcare cases, newest first (by their latest citizen message), of one
 * organisation or all, in one status or all. The cases follow the stored messages first, so an
 * import made by an older version shows its conversations as cases too.
 */
export function registerCases(program: Command): void {
  const cases = program
    .command('cases')
    .description('webcare cases: the inbound conversations of each organisation');
  withDbOption(cases.command('list'))
    .description('lists the cases, newest first')
    .option('--org <code>', 'only the cases of this organisation')
    .option('--status <status>', `only cases with this status: ${CASE_STATUSES.join(', ')}`)
    .option('--limit <n>', 'at most this many cases')
    .option('--format <format>', `output: ${FORMATS.join(', ')}`, 'json')
    .action(
      async (options: { db?: string; org?: string; status?: string; limit?: string; format: string }) => {
        const format = parseFormat(options.format, FORMATS);
        const status = options.status;
        if (status !== undefined && !(CASE_STATUSES as readonly string[]).includes(status))
          throw new UsageError(
            `--status must be one of ${CASE_STATUSES.join(', ')}, not ${JSON.stringify(status)}`,
          );
        const limit = options.limit !== undefined ? parsePositiveInt('--limit', options.limit) : undefined;
        await withDb(options, async (db) => {
          let organisationId: number | undefined;
          if (options.org !== undefined) {
            const organisation = await findOrganisation(db, options.org);
            if (!organisation)
              throw new UsageError(`no organisation with code ${JSON.stringify(options.org)}`);
            organisationId = organisation.id;
          }
          await updateActivity(db);
          await updateCases(db);
          const found = await listCases(db, {
            organisationId,
            status: status as CaseStatus | undefined,
            limit,
          });
          if (format === 'json') {
            printJson({ cases: found.map(caseJson) });
            return;
          }
          process.stdout.write(`${found.length} zaken\n`);
          for (const c of found) {
            process.stdout.write(
              `${c.number}\t${c.status}\t${c.organisation}\t${c.platform}\t${c.openedAt.toISOString()}\t@${c.citizenHandle ?? '?'}\t${c.messages}\n`,
            );
          }
        });
      },
    );
}
