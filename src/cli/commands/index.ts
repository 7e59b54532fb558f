import type { Command } from 'commander';
import { registerAccounts } from './accounts.ts';
import { registerAlerts } from './alerts.ts';
import { registerCases } from './cases.ts';
import { registerDemo } from './demo.ts';
import { registerImport } from './import.ts';
import { registerMigrate } from './migrate.ts';
import { registerOrgs } from './orgs.ts';
import { registerReport } from './report.ts';
import { registerSearch } from './search.ts';
import { registerSentiment } from './sentiment.ts';
import { registerServe } from './serve.ts';
import { registerStatus } from './status.ts';
import { registerSync, registerWorker } from './sync.ts';
import { registerUsers } from './users.ts';

/** Every subcommand of `meetlat`, each in a module of its own. */
export function registerCommands(program: Command): void {
  registerMigrate(program);
  registerOrgs(program);
  registerImport(program);
  registerDemo(program);
  registerStatus(program);
  registerReport(program);
  registerAccounts(program);
  registerSync(program);
  registerWorker(program);
  registerServe(program);
  registerUsers(program);
  registerSentiment(program);
  registerSearch(program);
  registerAlerts(program);
  registerCases(program);
}
