import { MikroORM } from '@mikro-orm/postgresql';
import type { TestApp } from './app';

/** Raw SQL on the app's own database, for arranging time (expiry, idleness) and checking rows. */
export function sql(t: TestApp) {
  const connection = t.app.get(MikroORM).em.fork().getConnection();
  return <T = Record<string, unknown>>(query: string, params: unknown[] = []) => connection.execute<T[]>(query, params);
}

/** The session id (`sid` claim) inside an access token. */
export const sessionIdOf = (accessToken: string): string =>
  (JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()) as { sid: string }).sid;
