import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type EntityClass, type Options } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { join } from 'node:path';
import { migrationsList } from './migrations';

const logger = new Logger('MikroORM');

export interface ConnectionTarget {
  clientUrl: string;
  poolMax: number;
  debug?: boolean;
  /** Connecting, waiting for a pooled connection, and each query give up after this long. */
  timeoutMs?: number;
  /**
   * The entities, for callers outside Nest (the CLI, scripts): the list in mikro-orm.config.ts.
   * In the app each module registers its own (MikroOrmModule.forFeature, autoLoadEntities).
   */
  entities?: EntityClass<unknown>[];
}

/**
 * The server ends a statement (or a lock wait) past `ms`, cleanly, so the transaction around it is
 * rolled back as usual; a session left idle inside a transaction is ended too. The client-side
 * timeout is only a backstop for a server that does not answer at all, and fires later.
 */
function timeouts(ms: number) {
  return {
    connectionTimeoutMillis: ms,
    statement_timeout: ms,
    lock_timeout: ms,
    idle_in_transaction_session_timeout: ms * 2,
    query_timeout: ms * 2,
  };
}

/**
 * The one ORM configuration, used by the Nest module and by the CLI (`mikro-orm.config.ts`).
 * Migrations are listed in code so the same list runs from src (ts-node, Jest) and from dist.
 */
export function ormOptions(target: ConnectionTarget): Options {
  return defineConfig({
    clientUrl: target.clientUrl,
    entities: target.entities ?? [],
    discovery: { warnWhenNoEntities: true },
    // With the database down or hung, requests fail within timeoutMs instead of queueing forever;
    // the pool makes new connections as soon as it answers again.
    pool: {
      min: 0,
      max: target.poolMax,
      acquireTimeoutMillis: target.timeoutMs ?? 60_000,
      createTimeoutMillis: target.timeoutMs ?? 30_000,
    },
    driverOptions: target.timeoutMs ? { connection: timeouts(target.timeoutMs) } : {},
    colors: false,
    // Queries without their parameters: those include password hashes.
    debug: target.debug ? ['query'] : false,
    logger: (message) => logger.log(message),
    extensions: [Migrator],
    migrations: {
      tableName: 'mikro_orm_migrations',
      path: join(__dirname, 'migrations'),
      pathTs: join(process.cwd(), 'src/database/migrations'),
      migrationsList,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
    },
    // Every request gets its own fork through the request-context middleware.
    allowGlobalContext: false,
  });
}
