import { BadRequestException, ForbiddenException, Logger, UnauthorizedException } from '@nestjs/common';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { EmailTakenError, formatError, InvalidInputError, toGraphQLError } from '.';

const SQL_ERROR = new Error(
  'insert into "users" ("email", "name") values (\'alice@example.com\', \'Alice\') - duplicate key value violates unique constraint "users_email_unique"',
);

describe('toGraphQLError', () => {
  let logError: jest.SpyInstance;

  beforeEach(() => {
    logError = jest.spyOn(Logger.prototype, 'error').mockImplementation();
  });

  afterEach(() => jest.restoreAllMocks());

  it('gives EmailTakenError the code EMAIL_TAKEN and keeps its message', () => {
    const error = toGraphQLError(new EmailTakenError());

    expect(error.message).toBe('An account with this email already exists');
    expect(error.extensions.code).toBe('EMAIL_TAKEN');
  });

  it('keeps the fields of an InvalidInputError', () => {
    const fields = [{ field: 'email', messages: ['email must be a valid email address'] }];

    const error = toGraphQLError(new InvalidInputError(fields));

    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', fields });
  });

  it.each([
    ['UnauthorizedException', new UnauthorizedException('Authentication required'), 'UNAUTHENTICATED'],
    ['ForbiddenException', new ForbiddenException('No'), 'FORBIDDEN'],
    ['BadRequestException', new BadRequestException('Bad'), 'BAD_USER_INPUT'],
  ])('maps %s to %s', (_name, exception, code) => {
    const error = toGraphQLError(exception);

    expect(error.message).toBe(exception.message);
    expect(error.extensions.code).toBe(code);
    expect(logError).not.toHaveBeenCalled();
  });

  it('masks an error carrying SQL and logs it instead', () => {
    const error = toGraphQLError(SQL_ERROR);

    expect(error.message).toBe('Internal server error');
    expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    const json = JSON.stringify(error.toJSON());
    expect(json).not.toMatch(/insert into|users_email_unique|alice@example\.com/);
    expect(logError).toHaveBeenCalledWith(expect.stringContaining('users_email_unique'));
  });
});

describe('formatError', () => {
  let logError: jest.SpyInstance;

  beforeEach(() => {
    logError = jest.spyOn(Logger.prototype, 'error').mockImplementation();
  });
  afterEach(() => jest.restoreAllMocks());

  it('keeps a public error but strips its stack trace', () => {
    const formatted: GraphQLFormattedError = {
      message: 'Authentication required',
      path: ['me'],
      extensions: { code: 'UNAUTHENTICATED', stacktrace: ['UnauthorizedException: at guard.ts:1'] },
    };

    const result = formatError(formatted, new GraphQLError(formatted.message));

    expect(result).toEqual({ message: 'Authentication required', path: ['me'], extensions: { code: 'UNAUTHENTICATED' } });
    expect(logError).not.toHaveBeenCalled();
  });

  it('masks an unknown code and its message', () => {
    const formatted: GraphQLFormattedError = {
      message: SQL_ERROR.message,
      path: ['signup'],
      extensions: { code: 'DATABASE_EXPLODED', stacktrace: [SQL_ERROR.message] },
    };

    const result = formatError(formatted, SQL_ERROR);

    expect(result).toEqual({ message: 'Internal server error', path: ['signup'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(JSON.stringify(result)).not.toContain('users_email_unique');
    expect(logError).toHaveBeenCalledWith(expect.stringContaining('users_email_unique'));
  });

  it('masks an INTERNAL_SERVER_ERROR that still carries its original message', () => {
    const formatted: GraphQLFormattedError = { message: SQL_ERROR.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } };

    expect(formatError(formatted, SQL_ERROR).message).toBe('Internal server error');
  });
});
