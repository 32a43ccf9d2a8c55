import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { appConfig, type AppConfig, authConfig, databaseConfig, mailConfig, securityConfig } from '..';
import { loadEnv } from './env';
import { envSchema } from './env.schema';

const NAMESPACES = [appConfig, authConfig, databaseConfig, mailConfig, securityConfig];

describe('loadEnv', () => {
  const original = process.env;
  // Every case starts from a PORT no earlier case used, so nothing is served from an earlier case.
  let port = 41_000;
  let parse: jest.SpiedFunction<typeof envSchema.safeParse>;

  beforeEach(() => {
    process.env = { ...original, PORT: String(++port) };
    parse = jest.spyOn(envSchema, 'safeParse');
  });

  afterEach(() => {
    process.env = original;
    jest.restoreAllMocks();
  });

  it('validates the environment once for the five namespaces of a boot', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true, load: NAMESPACES })],
    }).compile();

    expect(parse).toHaveBeenCalledTimes(1);
    expect(moduleRef.get<AppConfig>(appConfig.KEY).port).toBe(port);
    await moduleRef.close();
  });

  it('validates again when a variable of the schema changes or is unset, and the namespaces see it', () => {
    process.env.SESSION_CACHE_MAX = '7';
    expect(authConfig().sessionCacheMax).toBe(7);
    expect(appConfig().port).toBe(port);

    process.env.SESSION_CACHE_MAX = '8';
    expect(authConfig().sessionCacheMax).toBe(8);

    delete process.env.SESSION_CACHE_MAX;
    expect(authConfig().sessionCacheMax).toBe(100_000);
    expect(parse).toHaveBeenCalledTimes(3);
  });

  it('ignores variables outside the schema', () => {
    loadEnv();
    process.env.SOMETHING_ELSE = 'changed';
    loadEnv();

    expect(parse).toHaveBeenCalledTimes(1);
  });

  it('refuses a bad environment at every call, and takes it once it is fixed', () => {
    process.env.PORT = 'eighty';
    expect(() => appConfig()).toThrow(/"PORT" must be a number/);
    expect(() => securityConfig()).toThrow(/"PORT" must be a number/);

    process.env.PORT = String(port);
    expect(appConfig().port).toBe(port);
  });

  it('gives every namespace its own copy, so one cannot change what another reads', () => {
    process.env.CORS_ORIGINS = 'https://app.example.com';
    loadEnv().CORS_ORIGINS.push('https://evil.example.com');
    loadEnv().RATE_LIMIT_LOGIN_PER_IP.limit = 1;

    expect(appConfig().corsOrigins).toEqual(['https://app.example.com']);
    expect(securityConfig().limits.loginPerIp).toEqual(loadEnv().RATE_LIMIT_LOGIN_PER_IP);
    expect(loadEnv().RATE_LIMIT_LOGIN_PER_IP.limit).not.toBe(1);
    expect(parse).toHaveBeenCalledTimes(1);
  });
});
