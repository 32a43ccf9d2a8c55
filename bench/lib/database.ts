import { MikroORM } from '@mikro-orm/postgresql';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../../src/database/embedded/embedded-postgres';
import { ENTITIES } from '../../mikro-orm.config';
import { ormOptions } from '../../src/database/orm-options';

/** A database of the benchmark's own: a fresh one on the PostgreSQL server, or embedded PostgreSQL in a temp dir. */
export interface BenchDatabase {
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

export async function openDatabase(embedded: boolean, adminUrl: string): Promise<BenchDatabase> {
  if (embedded) {
    const dir = mkdtempSync(join(tmpdir(), 'doorman-bench-'));
    const server: EmbeddedPostgres = await startEmbeddedPostgres(join(dir, 'pglite'));
    return {
      url: server.url,
      embedded: true,
      close: async () => {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `doorman_bench_${process.pid}`;
  await withClient(adminUrl, (c) => c.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    embedded: false,
    close: () =>
      withClient(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The app's own migrations, through its own ORM options. */
export async function migrate(url: string): Promise<void> {
  const orm = await MikroORM.init({
    ...ormOptions({ clientUrl: url, poolMax: 1, entities: ENTITIES }),
    logger: () => undefined,
  });
  try {
    await orm.getMigrator().up();
  } finally {
    await orm.close(true);
  }
}

export const benchEmail = (i: number) => `bench-${i}@example.com`;

/**
 * Users bench-<from>..bench-<to>, verified, all with one bcrypt hash (computed once: hashing a
 * million passwords would take days), in batches of one INSERT … SELECT each.
 */
export async function seedUsers(
  url: string,
  from: number,
  to: number,
  passwordHash: string,
  progress: (done: number) => void,
): Promise<void> {
  const batch = 100_000;
  await withClient(url, async (client) => {
    for (let start = from; start <= to; start += batch) {
      const end = Math.min(to, start + batch - 1);
      await client.query(
        `insert into users (id, name, email, password_hash, email_verified_at, created_at)
         select gen_random_uuid(), 'Bench user ' || i, 'bench-' || i || '@example.com', $1, now(), now()
         from generate_series($2::int, $3::int) as i`,
        [passwordHash, start, end],
      );
      progress(end);
    }
    await client.query('analyze users');
  });
}
