import { BadRequestException, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { EmailTakenError, InvalidInputError, toGraphQLError, UnauthenticatedError } from '.';
import { silenceLogError, SQL_ERROR } from '../../../test/unit/errors.fixture';

describe('toGraphQLError', () => {
  let logError: jest.SpyInstance;

  beforeEach(() => {
    logError = silenceLogError();
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
    ['an UnauthenticatedError', new UnauthenticatedError('Session has ended; sign in again')],
    ['an UnauthenticatedError with its default message', new UnauthenticatedError()],
  ])('gives %s the code UNAUTHENTICATED and keeps its message', (_name, thrown) => {
    const error = toGraphQLError(thrown);

    expect(error.message).toBe(thrown.message);
    expect(error.message).not.toBe('');
    expect(error.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect(logError).not.toHaveBeenCalled();
  });

  // Nest's own exceptions still come from the framework (an unknown route, its guards).
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
