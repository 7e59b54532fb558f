import type { Command } from 'commander';
import { publicUrlFromEnv } from '../../alerts/afterSync.ts';
import { deliverPending } from '../../alerts/deliver.ts';
import { evaluateAlerts } from '../../alerts/evaluate.ts';
import { mailerFromEnv } from '../../server/mail.ts';
import { findOrganisation } from '../../store/organisations.ts';
import { loadSecretBox } from '../../store/secretBox.ts';
import { printJson, say, UsageError, withDb, withDbOption } from '../context.ts';

/**
 * `meetlat alerts evaluate`: evaluates the alert rules (of one organisation with `--org`) as the
 * worker does after each sync, then sends what is due (e-mail through `MEETLAT_SMTP_URL`,
 * webhooks). `--now` evaluates as at another moment (an ISO moment with its time zone). Prints
 * a JSON summary; exit 1 when a rule could not be evaluated.
 */
export function registerAlerts(program: Command): void {
  const alerts = program.command('alerts').description('alerts on saved searches');
  withDbOption(alerts.command('evaluate'))
    .description('evaluates the alert rules and sends the notifications that are due; prints a JSON summary')
    .option('--org <code>', "only this organisation's rules and deliveries")
    .option(
      '--now <moment>',
      'evaluate as at this moment (ISO 8601 with time zone), for tests and catching up',
    )
    .action(async (options: { db?: string; org?: string; now?: string }) => {
      const now = options.now === undefined ? new Date() : parseMoment(options.now);
      await withDb(options, async (db) => {
        let organisationId: number | null = null;
        if (options.org !== undefined) {
          const organisation = await findOrganisation(db, options.org);
          if (!organisation) throw new UsageError(`no organisation with code ${JSON.stringify(options.org)}`);
          organisationId = organisation.id;
        }
        const evaluation = await evaluateAlerts(db, { now, organisationId });
        for (const e of evaluation.errors) say(`melding ${e.rule}: ${e.message}`);
        const mailer = mailerFromEnv();
        try {
          const delivery = await deliverPending(db, {
            box: loadSecretBox(db.location),
            mailer,
            now,
            organisationId,
            publicUrl: publicUrlFromEnv(),
          });
          printJson({
            now: now.toISOString(),
            rules: evaluation.rules,
            episodes_opened: evaluation.episodesOpened,
            episodes_closed: evaluation.episodesClosed,
            notifications: evaluation.notifications,
            deliveries: {
              created: evaluation.deliveries,
              sent: delivery.sent,
              failed: delivery.failed,
              skipped: delivery.skipped,
            },
            errors: evaluation.errors,
          });
        } finally {
          mailer?.close();
        }
        if (evaluation.errors.length > 0) process.exitCode = 1;
      });
    });
}

function parseMoment(text: string): Date {
  const at = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/i.test(text) || Number.isNaN(at.getTime())) {
    throw new UsageError(
      `--now must be an ISO 8601 moment with its time zone, such as 2025-05-01T09:00:00Z, not ${JSON.stringify(text)}`,
    );
  }
  return at;
}
