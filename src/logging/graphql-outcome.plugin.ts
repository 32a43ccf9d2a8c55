import type { ApolloServerPlugin } from '@apollo/server';

export interface GraphQLOutcome {
  operation: string | null;
  /** 'ok', or the error codes the response carried. */
  outcome: string;
}

interface Context {
  res?: { locals?: { graphql?: GraphQLOutcome } };
}

/** Hands each GraphQL request's operation name and outcome to the request log line. */
export const graphqlOutcomePlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ request, response, contextValue, operationName }) {
        const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
        const codes = [...new Set((errors ?? []).map((e) => String(e.extensions?.code ?? 'UNKNOWN')))];
        const locals = contextValue.res?.locals;
        if (locals) locals.graphql = { operation: operationName ?? request.operationName ?? null, outcome: codes.length ? codes.join(',') : 'ok' };
      },
    };
  },
};
