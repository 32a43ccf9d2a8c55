import fastifyCookie from '@fastify/cookie';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { closeConnectionsWhenDraining } from './common/http/draining';
import { bodyLimitBytes, readJsonBodies } from './common/http/json-body';
import { appConfig, securityConfig } from './config';
import { echoRequestId, requestIdOf } from './logging/request-id';
import { httpHardening } from './security';
import { readWebClient, serveWebClient } from './web';

/** Nest's options for the application: `createApp` and the benchmark's variants use the same. */
export const NEST_APP_OPTIONS = { bodyParser: false, abortOnError: false, bufferLogs: true } as const;

/** The Fastify instance under Nest, as configured from the validated environment. */
export function fastifyAdapter(): FastifyAdapter {
  // Fastify takes these when it is built, before Nest's container exists: read from the same
  // validated namespaces the container serves.
  const { bodyLimit } = appConfig();
  const { trustProxy } = securityConfig();
  return new FastifyAdapter({ bodyLimit: bodyLimitBytes(bodyLimit), trustProxy, genReqId: requestIdOf });
}

/** Builds the application exactly as it is served: `main.ts` and the e2e tests both come here. */
export async function createApp(): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, fastifyAdapter(), NEST_APP_OPTIONS);
  return configureApp(app);
}

/**
 * What the HTTP layer adds around Nest: logger, request ids, draining, security headers, JSON
 * bodies, cookies, CORS, and the web client's files. `securityHeaders: false` exists for the
 * benchmark's ablation only.
 */
export async function configureApp(
  app: NestFastifyApplication,
  { securityHeaders = true }: { securityHeaders?: boolean } = {},
): Promise<NestFastifyApplication> {
  const { corsOrigins } = appConfig();
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  echoRequestId(fastify);
  closeConnectionsWhenDraining(fastify);
  const web = readWebClient();
  if (securityHeaders) httpHardening(fastify, web.paths);
  readJsonBodies(fastify);
  await fastify.register(fastifyCookie);
  await serveWebClient(fastify, web);
  // Browsers may send credentials only from the listed origins; with none listed, no cross-origin access.
  if (corsOrigins.length) {
    app.enableCors({
      origin: corsOrigins,
      credentials: true,
      allowedHeaders: [
        'content-type',
        'authorization',
        'x-auth-transport',
        'apollo-require-preflight',
        'x-apollo-operation-name',
      ],
    });
  }
  return app;
}
