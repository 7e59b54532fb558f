import type { Command } from 'commander';
import { registerMigrate } from './migrate.ts';

/** Every subcommand of `meetlat`, each in a module of its own. */
export function registerCommands(program: Command): void {
  registerMigrate(program);
}
