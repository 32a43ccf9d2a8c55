import { startEmbeddedPostgres } from '../../src/database/embedded/embedded-postgres';

/**
 * Without DATABASE_URL the suite runs on embedded PostgreSQL. PGlite's dynamic imports fail
 * inside Jest's module sandbox, so it is started here, once, and the apps connect to it.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  const embedded = await startEmbeddedPostgres('memory://');
  process.env.DOORMAN_EMBEDDED_URL = embedded.url;
  (globalThis as { embeddedPostgres?: typeof embedded }).embeddedPostgres = embedded;
}
