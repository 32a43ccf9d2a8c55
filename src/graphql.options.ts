import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { join } from 'node:path';
import { formatError, formatErrorHidingSuggestions } from './common/errors';
import type { AppConfig, SecurityConfig } from './config';
import { graphqlOutcomePlugin } from './logging';
import { graphqlLimits, type RateLimitRegistry } from './security';
import { playgroundPlugin } from './web';

/** What the benchmark's ablation may leave out; the application always has both. */
export interface GraphqlExtras {
  limits: boolean;
  outcome: boolean;
}

/** Apollo's options: the schema, the playground, document limits, the outcome plugin, error formatting. */
export function graphqlOptions(
  app: AppConfig,
  security: SecurityConfig,
  registry: RateLimitRegistry,
  extras: GraphqlExtras = { limits: true, outcome: true },
): ApolloDriverConfig {
  const limits = extras.limits
    ? graphqlLimits(security, app.introspection, () => registry.credentialMutations)
    : { plugins: [], validationRules: [], parseOptions: {} };
  return {
    // Development writes the schema so it can be committed; production builds it in memory.
    autoSchemaFile: app.production ? true : join(process.cwd(), 'schema.gql'),
    sortSchema: true,
    playground: false,
    introspection: app.introspection,
    plugins: [
      // GraphiQL at GET /graphql, bundled with the web client: in development, or with GRAPHQL_PLAYGROUND=true.
      playgroundPlugin(app.playground),
      ...limits.plugins,
      ...(extras.outcome ? [graphqlOutcomePlugin] : []),
    ],
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    formatError: app.introspection ? formatError : formatErrorHidingSuggestions,
    // Apollo's Fastify integration passes the request and the reply; resolvers read neither.
    context: (req: FastifyRequest, res: FastifyReply) => ({ req, res }),
  };
}
