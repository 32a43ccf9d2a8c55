import { UnauthorizedException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { User } from '../../users/user.entity';
import { AuthService, INVALID_CREDENTIALS } from '../auth.service';
import { LocalStrategy } from './local.strategy';

describe('LocalStrategy', () => {
  let strategy: LocalStrategy;
  const auth = { validateCredentials: jest.fn<Promise<User | null>, [string, string]>() };

  beforeEach(async () => {
    jest.resetAllMocks();
    const moduleRef = await Test.createTestingModule({
      providers: [LocalStrategy, { provide: AuthService, useValue: auth }],
    }).compile();
    strategy = moduleRef.get(LocalStrategy);
  });

  it('returns the user AuthService validated', async () => {
    const user = Object.assign(new User(), { name: 'Alice', email: 'alice@example.com' });
    auth.validateCredentials.mockResolvedValue(user);

    await expect(strategy.validate('alice@example.com', 'correct horse')).resolves.toBe(user);
    expect(auth.validateCredentials).toHaveBeenCalledWith('alice@example.com', 'correct horse');
  });

  it('throws UnauthorizedException with the one login-failure message otherwise', async () => {
    auth.validateCredentials.mockResolvedValue(null);

    await expect(strategy.validate('alice@example.com', 'wrong')).rejects.toThrow(UnauthorizedException);
    await expect(strategy.validate('alice@example.com', 'wrong')).rejects.toThrow(INVALID_CREDENTIALS);
    expect(INVALID_CREDENTIALS).toBe('Invalid email or password');
  });
});
