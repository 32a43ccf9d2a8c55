import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { defer, from, mergeMap, of } from 'rxjs';
import type { SessionStore } from './session-store';
import { GRAPHQL_URL, TRANSPORT_HEADERS } from './transport';

// These check a password or a token themselves: an UNAUTHENTICATED from them is an answer, never a
// stale access token, and sending them twice would count twice against the login backoff.
const NEVER_RETRIED = new Set([
  'Login',
  'Signup',
  'RequestPasswordReset',
  'ResetPassword',
  'VerifyEmail',
  'ChangePassword',
  'DeleteAccount',
  'VerifyTwoFactor',
  'Reauthenticate',
  'FinishPasskeyLogin',
]);
// ...so these two refresh first when the access token is about to expire (or its expiry is unknown).
const REFRESHED_FIRST = new Set(['ChangePassword', 'DeleteAccount', 'Reauthenticate']);

const unauthenticated = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  result.errors?.some((error) => error.extensions?.code === 'UNAUTHENTICATED') ?? false;

/** The API's client: cookie transport, and access-token expiry made invisible to the person. */
export function createApolloClient(session: SessionStore): ApolloClient {
  const refreshing = new ApolloLink((operation, forward) => {
    const name = operation.operationName ?? '';
    if (REFRESHED_FIRST.has(name)) return from(session.ensureFresh()).pipe(mergeMap(() => forward(operation)));
    if (NEVER_RETRIED.has(name)) return forward(operation);
    // Once: on UNAUTHENTICATED, refresh the cookies and send the operation again.
    return forward(operation).pipe(
      mergeMap((result) =>
        unauthenticated(result)
          ? defer(() => session.refresh()).pipe(
              mergeMap((outcome) => (outcome === 'ok' ? forward(operation) : of(result))),
            )
          : of(result),
      ),
    );
  });
  return new ApolloClient({
    link: refreshing.concat(new HttpLink({ uri: GRAPHQL_URL, credentials: 'same-origin', headers: TRANSPORT_HEADERS })),
    cache: new InMemoryCache(),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
}
