import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import {
  Global,
  Inject,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { databaseConfig, type DatabaseConfig } from '../config';
import { DatabaseTarget } from './database-target';
import { LazyRequestContextMiddleware } from './lazy-request-context.middleware';
import { MigrationRunner } from './migration.runner';
import { ormOptions } from './orm-options';

@Global()
@Module({
  providers: [
    {
      provide: DatabaseTarget,
      inject: [databaseConfig.KEY],
      useFactory: (config: DatabaseConfig) => DatabaseTarget.open(config),
    },
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
      useFactory: (target: DatabaseTarget, config: DatabaseConfig) => ({
        ...ormOptions({
          clientUrl: target.clientUrl,
          poolMax: target.poolMax,
          debug: config.debug,
          timeoutMs: config.timeoutMs,
        }),
        // Each feature module registers its own entities with MikroOrmModule.forFeature.
        autoLoadEntities: true,
        // Our own middleware below provides the request context, lazily.
        registerRequestContext: false,
      }),
      driver: PostgreSqlDriver,
    }),
  ],
  providers: [MigrationRunner],
})
export class DatabaseModule implements NestModule, OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly orm: MikroORM,
    private readonly target: DatabaseTarget,
    private readonly migrations: MigrationRunner,
    @Inject(databaseConfig.KEY) private readonly config: DatabaseConfig,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(LazyRequestContextMiddleware).forRoutes('{*splat}');
  }

  async onModuleInit(): Promise<void> {
    if (this.config.migrate) await this.migrations.migrate();
  }

  async onApplicationShutdown(): Promise<void> {
    // The pool first, then the embedded server it talks to.
    await this.orm.close(true);
    await this.target.close();
  }
}
