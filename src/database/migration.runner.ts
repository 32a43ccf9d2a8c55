import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { Client } from 'pg';
import { DatabaseTarget } from './database-target';

// Any constant shared by every instance; "doorman" in ASCII.
// (The value earlier versions sent, as text: the hex literal did not fit a double exactly.)
const MIGRATION_LOCK_KEY = '28270022122889584';

@Injectable()
export class MigrationRunner {
  private readonly logger = new Logger(MigrationRunner.name);

  constructor(
    private readonly orm: MikroORM,
    private readonly target: DatabaseTarget,
  ) {}

  /**
   * Applies pending migrations. On a PostgreSQL server several instances may start together, so
   * they queue on an advisory lock held by a connection of its own; embedded PostgreSQL belongs to
   * this process alone and serves a single connection, so it needs (and allows) no second one.
   */
  async migrate(): Promise<void> {
    if (this.target.embedded) return this.up();
    const lock = new Client({ connectionString: this.target.clientUrl });
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      await this.up();
    } finally {
      await lock.end(); // ending the session releases the lock, even after a failed migration
    }
  }

  private async up(): Promise<void> {
    const applied = await this.orm.getMigrator().up();
    if (applied.length) this.logger.log(`Applied migrations: ${applied.map((m) => m.name).join(', ')}`);
  }
}
