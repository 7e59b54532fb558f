import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface RunningMeetlat {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** The exit status once it has ended. */
  exited: Promise<number | null>;
}

/**
 * `meetlat …` in a child process, without blocking this one (fake platform servers in this
 * process must go on answering), with its output collected.
 */
export function startMeetlat(args: readonly string[], env: NodeJS.ProcessEnv = {}): RunningMeetlat {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'meetlat.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, MEETLAT_DB: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (c: string) => {
    stdout += c;
  });
  child.stderr?.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
  });
  const exited = once(child, 'close').then(([code]) => code as number | null);
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** `meetlat …` to its end. */
export async function runMeetlat(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const run = startMeetlat(args, env);
  const status = await run.exited;
  return { status, stdout: run.stdout(), stderr: run.stderr() };
}
