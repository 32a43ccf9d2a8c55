import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../test/helpers/server-process';

export const ROOT = join(__dirname, '..', '..');

export interface Running {
  pid: number;
  url: string;
  /** Resident set size now, in MB (Linux /proc). */
  rssMb(): number;
  stop(): Promise<void>;
}

/**
 * A node process serving HTTP on a free port; its output goes to `logFile`, not through a pipe
 * this process would have to drain while it measures.
 */
export async function startProcess(
  args: string[],
  env: Record<string, string>,
  logFile: string,
  readyPath: string,
): Promise<Running> {
  const port = await freePort();
  const out = openSync(logFile, 'w');
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${args.join(' ')} exited during start-up:\n${readFileSync(logFile, 'utf8')}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${args.join(' ')} did not start in time:\n${readFileSync(logFile, 'utf8')}`);
    }
    const ok = await fetch(`${base}${readyPath}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    pid: child.pid!,
    url: base,
    rssMb: () => {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return match ? Math.round(Number(match[1]) / 1024) : NaN;
    },
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
