import * as domainErrors from './domain.errors';
import { formatError } from './format-error';
import {
  BadRequestError,
  coded,
  DOMAIN_ERROR_CODES,
  DomainError,
  EmailNotVerifiedError,
  EmailTakenError,
  ForbiddenError,
  InvalidInputError,
  InvalidTokenError,
  NotFoundError,
  PayloadTooLargeError,
  ReauthenticationRequiredError,
  ServiceUnavailableError,
  TooManyRequestsError,
  TwoFactorRequiredError,
  UnauthenticatedError,
} from './domain.errors';
import { PUBLIC_ERROR_CODES } from './error-codes';

/** One of each DomainError subclass; the first case below fails when a new one is not added here. */
const instances: [DomainError, string, number][] = [
  [new UnauthenticatedError(), 'UNAUTHENTICATED', 401],
  [new ForbiddenError(), 'FORBIDDEN', 403],
  [new EmailTakenError(), 'EMAIL_TAKEN', 400],
  [new InvalidInputError([{ field: 'email', messages: ['email must be an email'] }]), 'BAD_USER_INPUT', 400],
  [new BadRequestError('Malformed JSON'), 'BAD_REQUEST', 400],
  [new PayloadTooLargeError('Body too large'), 'PAYLOAD_TOO_LARGE', 413],
  [new NotFoundError('Session'), 'NOT_FOUND', 404],
  [new TooManyRequestsError(3), 'TOO_MANY_REQUESTS', 429],
  [new ServiceUnavailableError(), 'SERVICE_UNAVAILABLE', 503],
  [new InvalidTokenError(), 'INVALID_TOKEN', 400],
  [new EmailNotVerifiedError(), 'EMAIL_NOT_VERIFIED', 400],
  [new TwoFactorRequiredError('challenge', new Date(0), ['TOTP']), 'TWO_FACTOR_REQUIRED', 401],
  [new ReauthenticationRequiredError(), 'REAUTHENTICATION_REQUIRED', 403],
];

const isDomainErrorClass = (value: unknown): value is abstract new (...args: never[]) => DomainError =>
  typeof value === 'function' && value.prototype instanceof DomainError;

describe('error codes', () => {
  it('the cases below cover every DomainError subclass the module exports', () => {
    const exported = Object.values(domainErrors).filter(isDomainErrorClass);

    expect(exported.length).toBeGreaterThan(0);
    expect(new Set(instances.map(([error]) => error.constructor))).toEqual(new Set(exported));
  });

  it.each(instances)('%p carries the code %s and the HTTP status %p', (error, code, httpStatus) => {
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe(code);
    expect(error.httpStatus).toBe(httpStatus);
  });

  it("PUBLIC_ERROR_CODES holds every DomainError subclass's code, and DOMAIN_ERROR_CODES exactly those", () => {
    const codes = instances.map(([error]) => error.code);

    for (const code of codes) expect(PUBLIC_ERROR_CODES.has(code)).toBe(true);
    expect(new Set(DOMAIN_ERROR_CODES)).toEqual(new Set(codes));
  });

  // The list the codes were derived from was written out by hand before: deriving it changed nothing.
  it('PUBLIC_ERROR_CODES is the domain codes, Apollo’s own, and the mask: no more, no fewer', () => {
    expect([...PUBLIC_ERROR_CODES].sort()).toEqual(
      [
        'UNAUTHENTICATED',
        'FORBIDDEN',
        'NOT_FOUND',
        'BAD_USER_INPUT',
        'EMAIL_TAKEN',
        'EMAIL_NOT_VERIFIED',
        'INVALID_TOKEN',
        'TWO_FACTOR_REQUIRED',
        'REAUTHENTICATION_REQUIRED',
        'BAD_REQUEST',
        'PAYLOAD_TOO_LARGE',
        'TOO_MANY_REQUESTS',
        'SERVICE_UNAVAILABLE',
        'INTERNAL_SERVER_ERROR',
        'GRAPHQL_PARSE_FAILED',
        'GRAPHQL_VALIDATION_FAILED',
        'OPERATION_RESOLUTION_FAILURE',
        'PERSISTED_QUERY_NOT_FOUND',
        'PERSISTED_QUERY_NOT_SUPPORTED',
      ].sort(),
    );
  });

  it('counts the code of an error a feature defines later, as the client sees it', () => {
    class CodeRequiredError extends coded('TEST_ONLY_CODE_REQUIRED') {}
    const error = new CodeRequiredError('A code is required');

    expect(PUBLIC_ERROR_CODES.has('TEST_ONLY_CODE_REQUIRED')).toBe(true);
    expect(formatError({ message: error.message, extensions: { code: error.code } }, error)).toEqual({
      message: 'A code is required',
      extensions: { code: 'TEST_ONLY_CODE_REQUIRED' },
    });
  });
});
