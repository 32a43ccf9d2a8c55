import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { INTERNAL_MESSAGE, PUBLIC_ERROR_CODES } from './error-codes';
import { internalError } from './to-graphql-error';

/**
 * Apollo's last word on every error, in every mode: a code a client may see keeps its message and
 * extensions (minus any stack trace); anything else is logged and masked.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && PUBLIC_ERROR_CODES.has(code) && code !== 'INTERNAL_SERVER_ERROR') {
    const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  if (code !== 'INTERNAL_SERVER_ERROR' || formatted.message !== INTERNAL_MESSAGE)
    internalError(unwrapResolverError(error));
  return {
    message: INTERNAL_MESSAGE,
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/**
 * With introspection off, "Did you mean …?" hints (field, argument, type and enum names alike)
 * would hand out the schema piece by piece, so they are cut from every message.
 */
export function formatErrorHidingSuggestions(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const masked = formatError(formatted, error);
  return { ...masked, message: withoutSuggestion(masked.message) };
}

/** Linear time on purpose: messages can quote client input, so no backtracking regex runs over them. */
function withoutSuggestion(message: string): string {
  const at = message.lastIndexOf('Did you mean ');
  if (at < 0 || !message.trimEnd().endsWith('?')) return message;
  return message.slice(0, at).trimEnd();
}
