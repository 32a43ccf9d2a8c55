import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { formatError, formatErrorHidingSuggestions } from '.';
import { silenceLogError, SQL_ERROR } from '../../../test/unit/errors.fixture';

describe('formatError', () => {
  let logError: jest.SpyInstance;

  beforeEach(() => {
    logError = silenceLogError();
  });
  afterEach(() => jest.restoreAllMocks());

  it('keeps a public error but strips its stack trace', () => {
    const formatted: GraphQLFormattedError = {
      message: 'Authentication required',
      path: ['me'],
      extensions: { code: 'UNAUTHENTICATED', stacktrace: ['UnauthorizedException: at guard.ts:1'] },
    };

    const result = formatError(formatted, new GraphQLError(formatted.message));

    expect(result).toEqual({
      message: 'Authentication required',
      path: ['me'],
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(logError).not.toHaveBeenCalled();
  });

  it('masks an unknown code and its message', () => {
    const formatted: GraphQLFormattedError = {
      message: SQL_ERROR.message,
      path: ['signup'],
      extensions: { code: 'DATABASE_EXPLODED', stacktrace: [SQL_ERROR.message] },
    };

    const result = formatError(formatted, SQL_ERROR);

    expect(result).toEqual({
      message: 'Internal server error',
      path: ['signup'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(result)).not.toContain('users_email_unique');
    expect(logError).toHaveBeenCalledWith(expect.stringContaining('users_email_unique'));
  });

  it('masks an INTERNAL_SERVER_ERROR that still carries its original message', () => {
    const formatted: GraphQLFormattedError = {
      message: SQL_ERROR.message,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };

    expect(formatError(formatted, SQL_ERROR).message).toBe('Internal server error');
  });
});

/** With introspection off, Apollo's last word must not spell out the schema through "Did you mean" hints. */
describe('formatErrorHidingSuggestions', () => {
  let logError: jest.SpyInstance;

  beforeEach(() => {
    logError = silenceLogError();
  });
  afterEach(() => jest.restoreAllMocks());

  const hiding = (formatted: GraphQLFormattedError) =>
    formatErrorHidingSuggestions(formatted, new GraphQLError(formatted.message));

  it.each([
    ['a field', 'GRAPHQL_VALIDATION_FAILED', 'Cannot query field "viwer" on type "Query".', ' Did you mean "viewer"?'],
    [
      'several arguments',
      'GRAPHQL_VALIDATION_FAILED',
      'Unknown argument "scop" on field "Mutation.logout".',
      ' Did you mean "scope" or "scopes"?',
    ],
    [
      'an enum value',
      'BAD_USER_INPUT',
      'Variable "$scope" got invalid value "CURENT"; Value "CURENT" does not exist in "LogoutScope" enum.',
      ' Did you mean the enum value "CURRENT"?',
    ],
  ])('cuts the suggested %s from the message and keeps the rest', (_case, code, message, suggestion) => {
    const formatted: GraphQLFormattedError = {
      message: message + suggestion,
      locations: [{ line: 1, column: 3 }],
      path: ['logout'],
      extensions: { code, stacktrace: ['GraphQLError: at validate.js:1'] },
    };

    expect(hiding(formatted)).toEqual({
      message,
      locations: [{ line: 1, column: 3 }],
      path: ['logout'],
      extensions: { code },
    });
    expect(logError).not.toHaveBeenCalled();
  });

  it.each([
    ['a message without a hint', 'Cannot query field "viewer" on type "Mutation".', 'GRAPHQL_VALIDATION_FAILED'],
    ['a public domain message', 'Password is incorrect', 'UNAUTHENTICATED'],
    ['a question that suggests nothing', 'Refresh token was already used: did the session end?', 'UNAUTHENTICATED'],
  ])('leaves %s as it is', (_case, message, code) => {
    const formatted: GraphQLFormattedError = { message, path: ['me'], extensions: { code, fields: [] } };

    expect(hiding(formatted)).toEqual({ message, path: ['me'], extensions: { code, fields: [] } });
  });

  it('still masks an unknown code, hint and all, and logs it', () => {
    const formatted: GraphQLFormattedError = {
      message: `${SQL_ERROR.message}. Did you mean "users_pkey"?`,
      path: ['signup'],
      extensions: { code: 'DATABASE_EXPLODED' },
    };

    const result = formatErrorHidingSuggestions(formatted, SQL_ERROR);

    expect(result).toEqual({
      message: 'Internal server error',
      path: ['signup'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(result)).not.toMatch(/users_email_unique|users_pkey/);
    expect(logError).toHaveBeenCalledWith(expect.stringContaining('users_email_unique'));
  });
});

describe('formatErrorHidingSuggestions on hostile input', () => {
  it('handles a message with a long run of spaces and many hints in one linear pass', () => {
    const message = `Variable "$scope" got invalid value "${' '.repeat(100_000)}${'Did you mean '.repeat(5_000)}"; Did you mean the enum value "CURRENT"?`;
    const result = formatErrorHidingSuggestions(
      { message, extensions: { code: 'BAD_USER_INPUT' } },
      new Error(message),
    );
    expect(result.message.endsWith('?')).toBe(false);
    expect(result.message.startsWith('Variable "$scope" got invalid value')).toBe(true);
  });
});
