import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyReply } from 'fastify';
import type { ServerResponse } from 'node:http';

export interface GraphQLOutcome {
  operation: string | null;
  /** 'ok', or the error codes the response carried. */
  outcome: string;
}

interface Context {
  res?: Pick<FastifyReply, 'raw'>;
}

// Keyed by the Node response: what the request logger sees of a request, whatever the framework.
const outcomes = new WeakMap<ServerResponse, GraphQLOutcome>();

/** The operation and outcome the plugin noted for this response, if it was a GraphQL one. */
export const graphqlOutcomeOf = (res: ServerResponse): GraphQLOutcome | undefined => outcomes.get(res);

/** Hands each GraphQL request's operation name and outcome to the request log line. */
export const graphqlOutcomePlugin: ApolloServerPlugin<Context> = {
  requestDidStart() {
    return Promise.resolve({
      willSendResponse({ request, response, contextValue, operationName }) {
        const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
        const codeOf = (code: unknown) => (typeof code === 'string' ? code : 'UNKNOWN');
        const codes = [...new Set((errors ?? []).map((e) => codeOf(e.extensions?.code)))];
        const operation = operationName ?? request.operationName ?? null;
        const raw = contextValue.res?.raw;
        if (raw) outcomes.set(raw, { operation, outcome: codes.length ? codes.join(',') : 'ok' });
        return Promise.resolve();
      },
    });
  },
};
