import { CombinedGraphQLErrors, ServerError } from '@apollo/client';
import type { GraphQLErrorShape } from './session/transport';

/** What went wrong, in plain words: one line for the form, and one per field that was refused. */
export interface Problem {
  code: string;
  message: string;
  fields: Record<string, string>;
}

/** Per form: better words for a code in its context (e.g. UNAUTHENTICATED on the login form). */
export type Wording = Partial<Record<string, string>>;

const PLAIN: Record<string, string> = {
  UNAUTHENTICATED: 'Your session has ended. Please log in again.',
  BAD_USER_INPUT: 'Please check the highlighted fields.',
  EMAIL_TAKEN: 'An account already uses this email address. Log in instead, or reset its password.',
  INVALID_TOKEN:
    'This link no longer works: it was already used, a newer one replaced it, or it expired. Ask for a new one.',
  EMAIL_NOT_VERIFIED: 'Please confirm your email address first: we have sent you a link.',
  NOT_FOUND: 'That session has already ended.',
  INVALID_CODE: 'That code is not right, or it was already used. Please try the next one.',
  TWO_FACTOR_ALREADY_ENABLED: 'Two-factor authentication is already on.',
  TWO_FACTOR_NOT_ENABLED: 'Two-factor authentication is off, or its setup has expired. Please start again.',
  REAUTHENTICATION_REQUIRED: 'Please confirm it is you first.',
  PASSKEY_REJECTED: 'That passkey was not accepted. Please try again.',
  PASSKEY_CANCELLED: 'No passkey was used: the request was cancelled or timed out.',
  PASSKEY_EXISTS: 'This passkey is already on your account.',
  LAST_SIGN_IN_METHOD: 'This is your last passkey and your account has no password: add another passkey first.',
  SERVICE_UNAVAILABLE: 'The service is unavailable right now. Please try again in a moment.',
  NETWORK: 'Could not reach the server. Check your connection and try again.',
};
const GENERIC = 'Something went wrong on our side. Please try again.';

export function waitInWords(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.ceil(seconds))} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes < 90 ? `${minutes} minutes` : `${Math.ceil(minutes / 60)} hours`;
}

function graphQLErrors(error: unknown): readonly GraphQLErrorShape[] | null {
  if (CombinedGraphQLErrors.is(error)) return error.errors;
  // Apollo Server answers some refusals (CSRF, a bad body) with a 4xx whose body still holds `errors`.
  if (ServerError.is(error)) {
    try {
      return (JSON.parse(error.bodyText) as { errors?: GraphQLErrorShape[] }).errors ?? null;
    } catch {
      return null;
    }
  }
  return null;
}

/** The first GraphQL error's extensions (e.g. TWO_FACTOR_REQUIRED's challenge), when the API answered one. */
export function errorExtensions(error: unknown): NonNullable<GraphQLErrorShape['extensions']> | null {
  return graphQLErrors(error)?.[0]?.extensions ?? null;
}

export function describeError(error: unknown, wording: Wording = {}): Problem {
  const errors = graphQLErrors(error);
  // The browser's WebAuthn refusals (also as @simplewebauthn/browser passes them on): the person said no, or already has it.
  const ceremony = error instanceof Error ? error.name : '';
  if (!errors?.length && ['NotAllowedError', 'AbortError', 'InvalidStateError'].includes(ceremony)) {
    const code = ceremony === 'InvalidStateError' ? 'PASSKEY_EXISTS' : 'PASSKEY_CANCELLED';
    return { code, message: wording[code] ?? PLAIN[code], fields: {} };
  }
  if (!errors?.length) {
    const offline = error instanceof TypeError || (error instanceof Error && /fetch|network/i.test(error.message));
    const code = offline ? 'NETWORK' : 'INTERNAL_SERVER_ERROR';
    return { code, message: wording[code] ?? PLAIN[code] ?? GENERIC, fields: {} };
  }
  const first = errors[0];
  const code = first.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
  const fields: Record<string, string> = {};
  for (const { field, messages } of first.extensions?.fields ?? []) {
    // "input.newPassword" and "newPassword" name the same input on the form.
    const name = field.split('.').pop() ?? field;
    fields[name] = sentence(messages.join('. '));
  }
  if (code === 'TOO_MANY_REQUESTS') {
    const wait = first.extensions?.retryAfter;
    const message = wait ? `Too many attempts. Please wait ${waitInWords(wait)} and try again.` : 'Too many attempts.';
    return { code, message, fields };
  }
  if (code === 'INVALID_CODE' && typeof first.extensions?.attemptsLeft === 'number') {
    const left = first.extensions.attemptsLeft;
    const message = `That code is not right. ${left} ${left === 1 ? 'attempt' : 'attempts'} left.`;
    return { code, message: wording[code] ?? message, fields };
  }
  if (code === 'BAD_USER_INPUT' && !Object.keys(fields).length) {
    return { code, message: wording[code] ?? 'Please check what you entered.', fields };
  }
  return { code, message: wording[code] ?? PLAIN[code] ?? GENERIC, fields };
}

/** Validation messages read "password must be longer…": start them with a capital, end with a stop. */
function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const capital = trimmed[0].toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
