import { UnauthorizedException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Request } from 'express';
import type { ClientInfo } from '../../common/decorators';
import { User } from '../../users/user.entity';
import { AuthService, INVALID_CREDENTIALS } from '../auth.service';
import { LocalStrategy } from './local.strategy';

type RequestLike = Pick<Request, 'ip' | 'headers'>;
const requestFrom = (ip: string | undefined, userAgent?: string) =>
  ({ ip, headers: userAgent === undefined ? {} : { 'user-agent': userAgent } }) satisfies RequestLike as Request;

describe('LocalStrategy', () => {
  let strategy: LocalStrategy;
  const auth = { validateCredentials: jest.fn<Promise<User | null>, [string, string, ClientInfo?]>() };

  beforeEach(async () => {
    jest.resetAllMocks();
    const moduleRef = await Test.createTestingModule({
      providers: [LocalStrategy, { provide: AuthService, useValue: auth }],
    }).compile();
    strategy = moduleRef.get(LocalStrategy);
  });

  it('returns the user AuthService validated, passing who is calling', async () => {
    const user = Object.assign(new User(), { name: 'Alice', email: 'alice@example.com' });
    auth.validateCredentials.mockResolvedValue(user);

    await expect(strategy.validate(requestFrom('10.0.0.7', 'jest-agent'), 'alice@example.com', 'correct horse')).resolves.toBe(user);
    expect(auth.validateCredentials).toHaveBeenCalledWith('alice@example.com', 'correct horse', { ip: '10.0.0.7', userAgent: 'jest-agent' });
  });

  it('passes null ip and user agent when the request has neither', async () => {
    auth.validateCredentials.mockResolvedValue(null);

    await expect(strategy.validate(requestFrom(undefined), 'alice@example.com', 'wrong')).rejects.toThrow(UnauthorizedException);
    expect(auth.validateCredentials).toHaveBeenCalledWith('alice@example.com', 'wrong', { ip: null, userAgent: null });
  });

  it('truncates the user agent to 512 characters', async () => {
    auth.validateCredentials.mockResolvedValue(null);

    await expect(strategy.validate(requestFrom('::1', 'a'.repeat(600)), 'alice@example.com', 'wrong')).rejects.toThrow(INVALID_CREDENTIALS);
    expect(auth.validateCredentials).toHaveBeenCalledWith('alice@example.com', 'wrong', { ip: '::1', userAgent: 'a'.repeat(512) });
  });

  it('throws UnauthorizedException with the one login-failure message otherwise', async () => {
    auth.validateCredentials.mockResolvedValue(null);
    const req = requestFrom('127.0.0.1', 'jest');

    await expect(strategy.validate(req, 'alice@example.com', 'wrong')).rejects.toThrow(UnauthorizedException);
    await expect(strategy.validate(req, 'alice@example.com', 'wrong')).rejects.toThrow(INVALID_CREDENTIALS);
    expect(INVALID_CREDENTIALS).toBe('Invalid email or password');
  });
});
