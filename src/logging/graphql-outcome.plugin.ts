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
  requestDidStart() {
    return Promise.resolve({
      willSendResponse({ request, response, contextValue, operationName }) {
        const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
        const codeOf = (code: unknown) => (typeof code === 'string' ? code : 'UNKNOWN');
        const codes = [...new Set((errors ?? []).map((e) => codeOf(e.extensions?.code)))];
        const locals = contextValue.res?.locals;
        const operation = operationName ?? request.operationName ?? null;
        if (locals) locals.graphql = { operation, outcome: codes.length ? codes.join(',') : 'ok' };
        return Promise.resolve();
      },
    });
  },
};
