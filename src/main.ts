import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { draining } from './common/http/draining';
import { appConfig, type AppConfig, loadEnv } from './config';

const logger = new Logger('Doorman');

async function bootstrap(): Promise<void> {
  loadEnv(); // fail before Nest starts, with one line that names each bad variable; the namespaces reuse it
  const app = await createApp();
  const config = app.get<AppConfig>(appConfig.KEY);

  // Stop accepting, let in-flight requests finish, close the pool and then the embedded database
  // (so its data directory is checkpointed), and exit 0; past SHUTDOWN_TIMEOUT_MS, exit 1 regardless.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.log(`${signal} received: shutting down`);
      draining.on = true;
      setTimeout(() => {
        logger.error(`shutdown took longer than ${config.shutdownTimeoutMs} ms: exiting`);
        process.exit(1);
      }, config.shutdownTimeoutMs).unref();
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error(error instanceof Error ? error.stack : String(error));
          process.exit(1);
        },
      );
    });
  }

  await app.listen(config.port, config.host);
  logger.log(`GraphQL API on ${await app.getUrl()}/graphql (${config.env})`);
}

bootstrap().catch((error: unknown) => {
  // Configuration errors name the variable: print the message, not a stack trace.
  logger.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
