import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Global, Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { databaseConfig, type DatabaseConfig } from '../config';
import { DatabaseTarget } from './database-target';
import { MigrationRunner } from './migration.runner';
import { ormOptions } from './orm-options';

@Global()
@Module({
  providers: [
    { provide: DatabaseTarget, inject: [databaseConfig.KEY], useFactory: (config: DatabaseConfig) => DatabaseTarget.open(config) },
  ],
  exports: [DatabaseTarget],
})
class DatabaseTargetModule {}

@Module({
  imports: [
    DatabaseTargetModule,
    MikroOrmModule.forRootAsync({
      imports: [DatabaseTargetModule],
      inject: [DatabaseTarget, databaseConfig.KEY],
      useFactory: (target: DatabaseTarget, config: DatabaseConfig) =>
        ormOptions({ clientUrl: target.clientUrl, poolMax: target.poolMax, debug: config.debug, timeoutMs: config.timeoutMs }),
      driver: PostgreSqlDriver,
    }),
  ],
  providers: [MigrationRunner],
})
export class DatabaseModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly orm: MikroORM,
    private readonly target: DatabaseTarget,
    private readonly migrations: MigrationRunner,
    @Inject(databaseConfig.KEY) private readonly config: DatabaseConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.migrate) await this.migrations.migrate();
  }

  async onApplicationShutdown(): Promise<void> {
    // The pool first, then the embedded server it talks to.
    await this.orm.close(true);
    await this.target.close();
  }
}
