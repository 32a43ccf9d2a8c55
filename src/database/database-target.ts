import type { DatabaseConfig } from '../config';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './embedded/embedded-postgres';

/** Where the ORM connects: a PostgreSQL server, or embedded PostgreSQL that this process may own. */
export class DatabaseTarget {
  private constructor(
    readonly clientUrl: string,
    readonly poolMax: number,
    readonly embedded: boolean,
    private readonly server?: EmbeddedPostgres,
  ) {}

  static async open(
    config: Pick<DatabaseConfig, 'url' | 'embeddedUrl' | 'pgliteDir' | 'poolMax'>,
  ): Promise<DatabaseTarget> {
    if (config.url) return new DatabaseTarget(config.url, config.poolMax, false);
    // Embedded PostgreSQL serves one connection, so the pool holds exactly one.
    if (config.embeddedUrl) return new DatabaseTarget(config.embeddedUrl, 1, true);
    const server = await startEmbeddedPostgres(config.pgliteDir);
    return new DatabaseTarget(server.url, 1, true, server);
  }

  /** For short-lived processes (the CLI): stop the embedded server, cleanly, once nothing else is left to do. */
  closeWhenIdle(): void {
    if (!this.server) return;
    this.server.unref();
    process.once('beforeExit', () => void this.close());
  }

  /** Stops the embedded server if this process started it; a no-op otherwise. */
  async close(): Promise<void> {
    await this.server?.stop();
  }
}
