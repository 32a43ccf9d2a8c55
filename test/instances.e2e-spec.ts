import { MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { SessionCache } from '../src/sessions/cache/session-cache';
import { migrationsList } from '../src/database/migrations';
import { logIn, signUp } from './factories/user.factory';
import { onEmbedded, startApp, type TestApp } from './helpers/app';
import { sql } from './helpers/db';
import { waitFor } from './helpers/wait';
import { errorCode, gql, LOGOUT, VIEWER } from './helpers/graphql';

// Several processes can share a PostgreSQL server; embedded PostgreSQL belongs to one process.
const describeOnPostgres = onEmbedded ? describe.skip : describe;

describeOnPostgres('several instances on one PostgreSQL server', () => {
  const database = `doorman_e2e_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = () => new Client({ connectionString: process.env.DATABASE_URL });
  const saved = process.env.DATABASE_URL;
  let instances: TestApp[] = [];

  beforeAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`create database "${database}"`);
    await client.end();
    const url = new URL(saved!);
    url.pathname = `/${database}`;
    process.env.DATABASE_URL = url.toString();
  });

  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.close()));
    process.env.DATABASE_URL = saved;
    const client = admin();
    await client.connect();
    await client.query(`drop database if exists "${database}" with (force)`);
    await client.end();
  });

  it('start together on an empty database, migrate it once, and all serve', async () => {
    instances = await Promise.all([startApp(), startApp(), startApp()]);
    const connection = instances[0].app.get(MikroORM).em.fork().getConnection();
    const applied = await connection.execute<{ name: string }[]>('select name from mikro_orm_migrations');
    // Each migration exactly once, in order.
    expect(applied.map((m: { name: string }) => m.name)).toEqual(migrationsList.map((m) => m.name));
    for (const instance of instances) {
      expect(errorCode(await gql(instance.server, VIEWER))).toBe('UNAUTHENTICATED');
    }
  });

  it('turn their session caches off while a trigger that announces changes is disabled', async () => {
    const cache = instances[0].app.get(SessionCache);
    await waitFor(() => cache.active);
    // This database is the test's own, so no other test's instances lose their channel.
    await sql(instances[0])('alter table sessions disable trigger sessions_notify_update');
    try {
      await waitFor(() => !cache.active);
    } finally {
      await sql(instances[0])('alter table sessions enable trigger sessions_notify_update');
    }
    await waitFor(() => cache.active);
  });

  it("see each other's sessions and logouts at once", async () => {
    const [a, b, c] = instances;
    const user = await signUp(a.server);
    const other = await logIn(b.server, user.input.email, user.input.password);

    expect(
      (await gql<{ viewer: { id: string } }>(c.server, VIEWER, {}, { token: user.accessToken })).data!.viewer.id,
    ).toBe(user.user.id);
    expect((await gql<{ logout: boolean }>(b.server, LOGOUT, {}, { token: user.accessToken })).data!.logout).toBe(true);

    for (const instance of instances) {
      expect(errorCode(await gql(instance.server, VIEWER, {}, { token: user.accessToken }))).toBe('UNAUTHENTICATED');
      expect(errorCode(await gql(instance.server, VIEWER, {}, { token: other.accessToken }))).toBeUndefined();
    }
  });
});
