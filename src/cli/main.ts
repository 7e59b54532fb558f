import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.ts';
import { UsageError } from './context.ts';

/**
 * The `meetlat` command. Results go to stdout (JSON where asked, so it can be piped); progress,
 * warnings and errors go to stderr. Exit status: 0 done, 1 failed, 2 bad usage or input.
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('meetlat')
    .description('Meetlat: luisteren, webcare, meetlat, groeimodel en archief voor overheden')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) });
  registerCommands(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`meetlat: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`meetlat: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.MEETLAT_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return 1;
  }
}
