import type { FastifyRequest } from 'fastify';
import type { clientInfoOf } from '../common/decorators';
import { alice, authFakes, compileOver, sessionOf, signedIn } from '../../test/unit/auth.fixture';
import { EmailNotVerifiedError, TooManyRequestsError, UnauthenticatedError } from '../common/errors';
import { INVALID_CREDENTIALS } from '../passwords';
import { LocalStrategy } from './local.strategy';

type RequestLike = Parameters<typeof clientInfoOf>[0];
const requestFrom = (ip: string | undefined, userAgent?: string) =>
  ({ ip, headers: userAgent === undefined ? {} : { 'user-agent': userAgent } }) satisfies RequestLike as FastifyRequest;

/** LocalStrategy: hands the email, the password and who is calling to LoginService.signIn (login.service.spec.ts). */
describe('LocalStrategy', () => {
  let strategy: LocalStrategy;
  const fakes = authFakes();
  const { logins } = fakes;
  const user = alice();

  beforeEach(async () => {
    strategy = await compileOver(LocalStrategy, fakes);
  });

  it('returns the sign-in LoginService completed, passing who is calling', async () => {
    const completed = { user, payload: signedIn(sessionOf(user), 'refresh-0') };
    logins.signIn.mockResolvedValue(completed);

    const req = requestFrom('10.0.0.7', 'jest-agent');
    await expect(strategy.validate(req, 'alice@example.com', 'correct horse')).resolves.toBe(completed);
    const who = { ip: '10.0.0.7', userAgent: 'jest-agent' };
    expect(logins.signIn.mock.calls).toEqual([['alice@example.com', 'correct horse', who]]);
  });

  it('passes null ip and user agent when the request has neither', async () => {
    logins.signIn.mockRejectedValue(new UnauthenticatedError(INVALID_CREDENTIALS));

    const result = strategy.validate(requestFrom(undefined), 'alice@example.com', 'wrong');
    await expect(result).rejects.toThrow(UnauthenticatedError);
    expect(logins.signIn).toHaveBeenCalledWith('alice@example.com', 'wrong', { ip: null, userAgent: null });
  });

  it('truncates the user agent to 512 characters', async () => {
    logins.signIn.mockRejectedValue(new UnauthenticatedError(INVALID_CREDENTIALS));

    const req = requestFrom('::1', 'a'.repeat(600));
    await expect(strategy.validate(req, 'alice@example.com', 'wrong')).rejects.toThrow(INVALID_CREDENTIALS);
    const who = { ip: '::1', userAgent: 'a'.repeat(512) };
    expect(logins.signIn).toHaveBeenCalledWith('alice@example.com', 'wrong', who);
  });

  it('passes on the one login-failure error LoginService answers for a wrong password', async () => {
    const invalid = new UnauthenticatedError(INVALID_CREDENTIALS);
    logins.signIn.mockRejectedValue(invalid);
    const req = requestFrom('127.0.0.1', 'jest');

    await expect(strategy.validate(req, 'alice@example.com', 'wrong')).rejects.toBe(invalid);
    expect(INVALID_CREDENTIALS).toBe('Invalid email or password');
  });

  // A backoff refusal (TOO_MANY_REQUESTS) must reach the client as itself, not as a wrong password; so must the rest.
  it.each([
    ['the backoff refusal', new TooManyRequestsError(30)],
    ['the unverified-address refusal', new EmailNotVerifiedError('Confirm your email address first')],
    ['a database failure', new Error('database unavailable')],
  ])("passes LoginService's own failures on unchanged: %s", async (_case, failure) => {
    logins.signIn.mockRejectedValue(failure);

    await expect(strategy.validate(requestFrom('127.0.0.1'), 'alice@example.com', 'pw')).rejects.toBe(failure);
    expect(logins.signIn).toHaveBeenCalledTimes(1);
  });
});
