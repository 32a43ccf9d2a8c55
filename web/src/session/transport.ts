/**
 * How every request of the web client reaches the API: same origin, so the browser attaches the
 * HttpOnly session cookies itself and no script ever holds a token.
 */
export const GRAPHQL_URL = '/graphql';

export const TRANSPORT_HEADERS: Readonly<Record<string, string>> = {
  // Tokens travel as HttpOnly cookies, never in a response body a script could read.
  'x-auth-transport': 'cookie',
  // Apollo Server's CSRF prevention: a request carrying this header cannot be a simple cross-site form post.
  'apollo-require-preflight': 'true',
};

export interface GraphQLErrorShape {
  message: string;
  extensions?: {
    code?: string;
    retryAfter?: number;
    fields?: { field: string; messages: string[] }[];
    /** TWO_FACTOR_REQUIRED: what verifyTwoFactor takes, and the ways the person may answer. */
    challenge?: string;
    methods?: string[];
    /** INVALID_CODE at verifyTwoFactor: wrong codes left before the challenge ends. */
    attemptsLeft?: number;
  };
}

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLErrorShape[];
}

/** A bare GraphQL POST, for the one request that cannot go through Apollo's links: the refresh itself. */
export async function postGraphQL<T>(query: string, operationName: string): Promise<GraphQLResponse<T>> {
  const res = await fetch(GRAPHQL_URL, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', ...TRANSPORT_HEADERS },
    body: JSON.stringify({ query, operationName }),
  });
  return (await res.json()) as GraphQLResponse<T>;
}
