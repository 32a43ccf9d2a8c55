import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { appConfig, type AppConfig } from './config';

async function bootstrap(): Promise<void> {
  const app = await createApp();
  const config = app.get<AppConfig>(appConfig.KEY);
  await app.listen(config.port, config.host);
  new Logger('Doorman').log(`GraphQL API on ${await app.getUrl()}/graphql (${config.env})`);
}

bootstrap().catch((error: unknown) => {
  // Configuration errors name the variable; print them without a stack trace to the console.
  new Logger('Doorman').error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
