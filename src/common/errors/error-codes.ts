import { DOMAIN_ERROR_CODES } from './domain.errors';

/** Apollo Server's own codes, raised before any resolver runs. */
const APOLLO_CODES = [
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
];

const FIXED_CODES: ReadonlySet<string> = new Set([...APOLLO_CODES, 'INTERNAL_SERVER_ERROR']);

/**
 * Codes a client may see: every domain error's (read live, so an error class a feature defines
 * later counts too), Apollo's, and the mask itself. Anything else is masked.
 */
class PublicCodes implements Iterable<string> {
  has(code: string): boolean {
    return DOMAIN_ERROR_CODES.has(code) || FIXED_CODES.has(code);
  }

  *[Symbol.iterator](): Iterator<string> {
    yield* DOMAIN_ERROR_CODES;
    yield* FIXED_CODES;
  }
}

export const PUBLIC_ERROR_CODES = new PublicCodes();

/** Nest's own HTTP exceptions (an unknown route, a framework guard), in the domain errors' vocabulary. */
export const HTTP_STATUS_CODES: Record<number, string> = {
  400: 'BAD_USER_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'TOO_MANY_REQUESTS',
};

export const INTERNAL_MESSAGE = 'Internal server error';
