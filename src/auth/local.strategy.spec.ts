import type { FastifyRequest } from 'fastify';
import type { clientInfoOf } from '../common/decorators';
import { alice, authFakes, compileOver } from '../../test/unit/auth.fixture';
import { TooManyRequestsError, UnauthenticatedError } from '../common/errors';
import { INVALID_CREDENTIALS } from '../passwords';
import { LocalStrategy } from './local.strategy';

type RequestLike = Parameters<typeof clientInfoOf>[0];
const requestFrom = (ip: string | undefined, userAgent?: string) =>
  ({ ip, headers: userAgent === undefined ? {} : { 'user-agent': userAgent } }) satisfies RequestLike as FastifyRequest;

describe('LocalStrategy', () => {
  let strategy: LocalStrategy;
  const fakes = authFakes();
  const { passwords } = fakes;

  beforeEach(async () => {
    strategy = await compileOver(LocalStrategy, fakes);
  });

  it('returns the user PasswordsService accepted, passing who is calling', async () => {
    const user = alice();
    passwords.checkLogin.mockResolvedValue(user);

    const req = requestFrom('10.0.0.7', 'jest-agent');
    await expect(strategy.validate(req, 'alice@example.com', 'correct horse')).resolves.toBe(user);
    const who = { ip: '10.0.0.7', userAgent: 'jest-agent' };
    expect(passwords.checkLogin.mock.calls).toEqual([['alice@example.com', 'correct horse', who]]);
  });

  it('passes null ip and user agent when the request has neither', async () => {
    passwords.checkLogin.mockResolvedValue(null);

    const result = strategy.validate(requestFrom(undefined), 'alice@example.com', 'wrong');
    await expect(result).rejects.toThrow(UnauthenticatedError);
    expect(passwords.checkLogin).toHaveBeenCalledWith('alice@example.com', 'wrong', { ip: null, userAgent: null });
  });

  it('truncates the user agent to 512 characters', async () => {
    passwords.checkLogin.mockResolvedValue(null);

    const req = requestFrom('::1', 'a'.repeat(600));
    await expect(strategy.validate(req, 'alice@example.com', 'wrong')).rejects.toThrow(INVALID_CREDENTIALS);
    const who = { ip: '::1', userAgent: 'a'.repeat(512) };
    expect(passwords.checkLogin).toHaveBeenCalledWith('alice@example.com', 'wrong', who);
  });

  it('throws UnauthenticatedError with the one login-failure message otherwise', async () => {
    passwords.checkLogin.mockResolvedValue(null);
    const req = requestFrom('127.0.0.1', 'jest');

    await expect(strategy.validate(req, 'alice@example.com', 'wrong')).rejects.toThrow(UnauthenticatedError);
    await expect(strategy.validate(req, 'alice@example.com', 'wrong')).rejects.toThrow(INVALID_CREDENTIALS);
    expect(INVALID_CREDENTIALS).toBe('Invalid email or password');
  });

  // A backoff refusal (TOO_MANY_REQUESTS) must reach the client as itself, not as a wrong password.
  it("passes PasswordsService's own failures on unchanged", async () => {
    const refused = new TooManyRequestsError(30);
    passwords.checkLogin.mockRejectedValue(refused);

    await expect(strategy.validate(requestFrom('127.0.0.1'), 'alice@example.com', 'pw')).rejects.toBe(refused);
  });
});
