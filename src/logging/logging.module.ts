import { Module, RequestMethod } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule, type Params } from 'nestjs-pino';
import { appConfig, type AppConfig } from '../config';
import { graphqlOutcomeOf } from './graphql-outcome.plugin';

/** Belt and braces: the serializers below never include headers or bodies in the first place. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.passwordHash',
];

const withOutcome = (_req: IncomingMessage, res: ServerResponse, line: object) => {
  const graphql = graphqlOutcomeOf(res);
  return graphql ? { ...line, graphql } : line;
};

// pino-http sees Node's own request and response (Fastify's `raw`), with Fastify's id (request-id.ts) on it.
type Req = IncomingMessage & { id?: unknown; originalUrl?: string };

/**
 * One JSON line per request in production (pretty in development), with a request id (taken from
 * X-Request-Id when it is sane, echoed back), the GraphQL operation, its outcome and the duration.
 */
export function loggerParams(app: AppConfig): Params {
  return {
    pinoHttp: {
      level: app.logLevel,
      transport:
        app.env === 'development'
          ? { target: 'pino-pretty', options: { singleLine: true, colorize: true } }
          : undefined,
      redact: { paths: REDACT, censor: '[redacted]' },
      // Only what an operator needs; the query string is dropped (a GET could carry a document).
      serializers: {
        req: (req: Req) => ({
          id: req.id,
          method: req.method,
          path: (req.originalUrl ?? req.url ?? '').split('?')[0],
        }),
        res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      },
      // The GraphQL outcome joins the line itself: customProps would build a second child logger per request.
      customSuccessObject: withOutcome,
      customErrorObject: (req: IncomingMessage, res: ServerResponse, _error: Error, line: object) =>
        withOutcome(req, res, line),
      // 503 is an answer (not ready, unavailable), not a server fault.
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
        res.statusCode === 503 || (res.statusCode >= 400 && res.statusCode < 500)
          ? 'warn'
          : error || res.statusCode >= 500
            ? 'error'
            : 'info',
    },
    exclude: [{ method: RequestMethod.GET, path: 'health/live' }],
  };
}

/** Request logging for every route but the liveness probe. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: loggerParams,
    }),
  ],
})
export class LoggingModule {}
