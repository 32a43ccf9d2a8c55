/** A failure the client caused and may act on. `code` becomes the GraphQL `extensions.code`. */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  readonly details: Record<string, unknown> = {};
}

export class EmailTakenError extends DomainError {
  readonly code = 'EMAIL_TAKEN';
  constructor() {
    super('An account with this email already exists');
  }
}

export interface FieldError {
  field: string;
  messages: string[];
}

export class InvalidInputError extends DomainError {
  readonly code = 'BAD_USER_INPUT';
  constructor(readonly fields: FieldError[]) {
    super(`Invalid input: ${fields.map((f) => f.messages.join(', ')).join('; ')}`);
    this.details.fields = fields;
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(what: string) {
    super(`${what} not found`);
  }
}

export class TooManyRequestsError extends DomainError {
  readonly code = 'TOO_MANY_REQUESTS';
  constructor(retryAfterSeconds: number) {
    super(`Too many attempts; try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}`);
    this.details.retryAfter = retryAfterSeconds;
  }
}

export class ServiceUnavailableError extends DomainError {
  readonly code = 'SERVICE_UNAVAILABLE';
  constructor() {
    super('Service temporarily unavailable; try again shortly');
  }
}

/** A reset or verification token that is unknown, already used, replaced by a newer one, or expired. */
export class InvalidTokenError extends DomainError {
  readonly code = 'INVALID_TOKEN';
  constructor() {
    super('This link is invalid or has expired; ask for a new one');
  }
}

/** REQUIRE_EMAIL_VERIFICATION is on and the account has not followed its verification link yet. */
export class EmailNotVerifiedError extends DomainError {
  readonly code = 'EMAIL_NOT_VERIFIED';
  constructor(message = 'Confirm your email address first: follow the link we sent to it') {
    super(message);
  }
}
