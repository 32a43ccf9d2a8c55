import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

export type WorkerMessage = { type: 'ready'; port: number } | { type: 'stopped' } | { type: 'error'; message: string };
export type WorkerRequest = { type: 'stop' };

export interface EmbeddedPostgres {
  /** A postgres:// URL the stock driver connects to; serves exactly one connection at a time. */
  readonly url: string;
  stop(): Promise<void>;
  /** Lets the process exit while the server runs; `beforeExit` is then the place to stop it. */
  unref(): void;
}

const STOP_TIMEOUT_MS = 10_000;

/**
 * Starts PGlite in a worker thread behind a PostgreSQL wire-protocol socket on 127.0.0.1.
 * `dir` is a folder (created if missing) or `memory://` for a throwaway database.
 */
export async function startEmbeddedPostgres(dir: string): Promise<EmbeddedPostgres> {
  const dataDir = dir.startsWith('memory://') ? dir : resolve(dir);
  if (!dir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });

  // Under ts-node or ts-jest the worker is a .ts file and needs the same transpiler.
  const isTs = __filename.endsWith('.ts');
  const worker = new Worker(resolve(__dirname, `pglite.worker.${isTs ? 'ts' : 'js'}`), {
    workerData: { dataDir },
    execArgv: isTs ? ['--require', 'ts-node/register/transpile-only'] : [],
  });

  const port = await new Promise<number>((done, fail) => {
    worker.once('error', fail);
    worker.once('exit', (code) => fail(new Error(`embedded PostgreSQL exited during start-up (code ${code})`)));
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') done(message.port);
      if (message.type === 'error') fail(new Error(`embedded PostgreSQL failed to start: ${message.message}`));
    });
  }).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });
  worker.removeAllListeners('exit');
  worker.removeAllListeners('error');

  let stopping: Promise<void> | undefined;
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    unref: () => worker.unref(),
    stop: () =>
      (stopping ??= new Promise<void>((done) => {
        // A clean close checkpoints the data directory; terminate only if it does not answer.
        const timer = setTimeout(() => void worker.terminate().then(() => done()), STOP_TIMEOUT_MS);
        worker.on('message', (message: WorkerMessage) => {
          if (message.type !== 'stopped') return;
          clearTimeout(timer);
          void worker.terminate().then(() => done());
        });
        const request: WorkerRequest = { type: 'stop' };
        worker.postMessage(request);
      })),
  };
}
