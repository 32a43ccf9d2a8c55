import { flag, integer, optional, text, uri } from './env.fields';

const POSTGRES = ['postgres', 'postgresql'];

/** A PostgreSQL server (DATABASE_URL) or embedded PostgreSQL (database.config.ts). */
export const databaseEnv = {
  DATABASE_URL: optional(uri(POSTGRES)),
  PGLITE_DIR: text().default('.data/pglite'),
  DB_POOL_MAX: integer(1, 100).default(10),
  DB_MIGRATE: flag().default(true),
  DB_DEBUG: flag().default(false),
  DB_TIMEOUT_MS: integer(100, 120_000).default(5000),
  // Set by the test harness, never by hand: unlike DATABASE_URL, empty is an error here.
  DOORMAN_EMBEDDED_URL: uri(POSTGRES).optional(),
};
