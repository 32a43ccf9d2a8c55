import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerMessage, WorkerRequest } from './embedded-postgres';

// PGlite runs in its own thread so its WASM work does not share the event loop with GraphQL.
async function main(): Promise<void> {
  const { dataDir } = workerData as { dataDir: string };
  const db = await PGlite.create(dataDir);
  // One connection only: PGlite is single-session, and a second client would see the first's
  // transaction state (measured: mixed queries and wrong rows).
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  const [, port] = server.getServerConn().split(':');
  const ready: WorkerMessage = { type: 'ready', port: Number(port) };
  parentPort!.postMessage(ready);

  parentPort!.on('message', (request: WorkerRequest) => {
    if (request.type !== 'stop') return;
    void (async () => {
      await server.stop();
      await db.close();
      const stopped: WorkerMessage = { type: 'stopped' };
      parentPort!.postMessage(stopped);
    })();
  });
}

main().catch((error: unknown) => {
  const failed: WorkerMessage = { type: 'error', message: error instanceof Error ? error.message : String(error) };
  parentPort!.postMessage(failed);
});
