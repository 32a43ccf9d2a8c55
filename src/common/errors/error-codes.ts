import { DOMAIN_ERROR_CODES } from './domain.errors';

/** Apollo Server's own codes, raised before any resolver runs. */
const APOLLO_CODES = [
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
];

/** Codes a client may see: every domain error's, Apollo's, and the mask itself. Anything else is masked. */
export const PUBLIC_ERROR_CODES: ReadonlySet<string> = new Set([
  ...DOMAIN_ERROR_CODES,
  ...APOLLO_CODES,
  'INTERNAL_SERVER_ERROR',
]);

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
