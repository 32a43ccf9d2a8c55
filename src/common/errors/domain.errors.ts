/** Every code a DomainError subclass carries, as each is defined: the codes a client may see come from here. */
const codes = new Set<string>();
export const DOMAIN_ERROR_CODES: ReadonlySet<string> = codes;

/**
 * A failure the client caused (or may retry) and may act on. `code` becomes the GraphQL
 * `extensions.code`, `details` its other extensions, `httpStatus` the status outside GraphQL.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly httpStatus: number;
  readonly details: Record<string, unknown> = {};
}

/**
 * The base class of one error code: defining it is what makes the code public. A feature defines
 * its own errors with it (`class CodeRequiredError extends coded('CODE_REQUIRED') {}`).
 */
export function coded<C extends string>(code: C, httpStatus = 400) {
  codes.add(code);
  abstract class Coded extends DomainError {
    readonly code: C = code;
    readonly httpStatus = httpStatus;
  }
  return Coded;
}

export class UnauthenticatedError extends coded('UNAUTHENTICATED', 401) {
  constructor(message = 'Authentication required') {
    super(message);
  }
}

/** Nothing of ours throws it yet; Nest's ForbiddenException maps to the same code (HTTP_STATUS_CODES). */
export class ForbiddenError extends coded('FORBIDDEN', 403) {
  constructor(message = 'Forbidden') {
    super(message);
  }
}

export class EmailTakenError extends coded('EMAIL_TAKEN') {
  constructor() {
    super('An account with this email already exists');
  }
}

export interface FieldError {
  field: string;
  messages: string[];
}

export class InvalidInputError extends coded('BAD_USER_INPUT') {
  constructor(readonly fields: FieldError[]) {
    super(`Invalid input: ${fields.map((f) => f.messages.join(', ')).join('; ')}`);
    this.details.fields = fields;
  }
}

/** A request the server cannot read at all (malformed JSON, an unsupported encoding). */
export class BadRequestError extends coded('BAD_REQUEST') {}

export class PayloadTooLargeError extends coded('PAYLOAD_TOO_LARGE', 413) {}

export class NotFoundError extends coded('NOT_FOUND', 404) {
  constructor(what: string) {
    super(`${what} not found`);
  }
}

export class TooManyRequestsError extends coded('TOO_MANY_REQUESTS', 429) {
  constructor(retryAfterSeconds: number) {
    super(`Too many attempts; try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}`);
    this.details.retryAfter = retryAfterSeconds;
  }
}

export class ServiceUnavailableError extends coded('SERVICE_UNAVAILABLE', 503) {
  constructor() {
    super('Service temporarily unavailable; try again shortly');
  }
}

/** A reset or verification token that is unknown, already used, replaced by a newer one, or expired. */
export class InvalidTokenError extends coded('INVALID_TOKEN') {
  constructor() {
    super('This link is invalid or has expired; ask for a new one');
  }
}

/** REQUIRE_EMAIL_VERIFICATION is on and the account has not followed its verification link yet. */
export class EmailNotVerifiedError extends coded('EMAIL_NOT_VERIFIED') {
  constructor(message = 'Confirm your email address first: follow the link we sent to it') {
    super(message);
  }
}

/**
 * The password was right and the account has two-factor on: no session yet. `challenge` (with a code)
 * finishes the sign-in through verifyTwoFactor before `challengeExpiresAt`, with one of `methods`.
 */
export class TwoFactorRequiredError extends coded('TWO_FACTOR_REQUIRED', 401) {
  constructor(challenge: string, challengeExpiresAt: Date, methods: readonly string[]) {
    super('Enter the code from your authenticator app (or a recovery code) to finish signing in');
    this.details.challenge = challenge;
    this.details.challengeExpiresAt = challengeExpiresAt.toISOString();
    this.details.methods = [...methods];
  }
}

/** A sensitive change from a session that last proved who it is longer ago than REAUTH_WINDOW. */
export class ReauthenticationRequiredError extends coded('REAUTHENTICATION_REQUIRED', 403) {
  constructor() {
    super('Confirm it is you: reauthenticate, then try again');
  }
}
