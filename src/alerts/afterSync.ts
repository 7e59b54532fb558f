import { type Mailer, mailerFromEnv } from '../server/mail.ts';
import type { Db } from '../store/db.ts';
import type { SecretBox } from '../store/secretBox.ts';
import { type DeliverySummary, deliverPending } from './deliver.ts';
import { type EvaluationSummary, evaluateAlerts } from './evaluate.ts';

/**
 * The alerts' turn after a sync: when the sync stored messages, the rules of the account's
 * organisation are evaluated; then whatever is due is delivered (so failed webhooks are retried
 * after every sync, whatever it stored). Never throws: a sync that succeeded stays a success, and
 * a problem here is told to `onError`.
 */
export interface AlertsRun {
  evaluation: EvaluationSummary | null;
  delivery: DeliverySummary | null;
}

export async function alertsAfterSync(
  db: Db,
  box: SecretBox,
  sync: { accountId: number; stored: number },
  options: { now?: Date; mailer?: Mailer | null; onError?: (error: Error) => void } = {},
): Promise<AlertsRun> {
  const run: AlertsRun = { evaluation: null, delivery: null };
  let mailer: Mailer | null = null;
  try {
    if (sync.stored > 0) {
      const [account] = await db.query<{ organisation_id: number | null }>(
        'SELECT organisation_id FROM accounts WHERE id = $1',
        [sync.accountId],
      );
      if (account?.organisation_id != null) {
        run.evaluation = await evaluateAlerts(db, {
          now: options.now,
          organisationId: Number(account.organisation_id),
        });
        for (const e of run.evaluation.errors) options.onError?.(new Error(`alert ${e.rule}: ${e.message}`));
      }
    }
    mailer = options.mailer === undefined ? mailerFromEnv() : options.mailer;
    run.delivery = await deliverPending(db, { box, mailer, now: options.now, publicUrl: publicUrlFromEnv() });
  } catch (error) {
    options.onError?.(error as Error);
  } finally {
    if (options.mailer === undefined) mailer?.close();
  }
  return run;
}

/** The web app's address for links in e-mails (`MEETLAT_PUBLIC_URL`), if it is set and usable. */
export function publicUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | null {
  const url = env.MEETLAT_PUBLIC_URL?.trim().replace(/\/+$/, '');
  return url && /^https?:\/\//.test(url) ? url : null;
}
