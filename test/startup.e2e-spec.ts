import { Mutation, Resolver } from '@nestjs/graphql';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { AppModule } from '../src/app.module';
import { Public } from '../src/common/decorators';
import { DatabaseModule } from '../src/database';
import { PRODUCTION_ENV } from './helpers/app';
import { startServerProcess } from './helpers/server-process';

/** What the issue forbids: a public mutation with neither a rate limit nor a written exemption. */
@Resolver()
class RogueResolver {
  @Public()
  @Mutation(() => Boolean)
  rogue(): boolean {
    return true;
  }
}

describe('start-up configuration', () => {
  it('stops a production server without JWT_SECRET, naming the variable', async () => {
    await expect(
      startServerProcess({ NODE_ENV: 'production', JWT_SECRET: undefined, BCRYPT_ROUNDS: '10' }),
    ).rejects.toThrow(/JWT_SECRET" is required when NODE_ENV=production/);
  });

  it('stops a production server that could not send mail, naming each missing variable', async () => {
    const start = startServerProcess({
      ...PRODUCTION_ENV,
      SMTP_URL: undefined,
      MAIL_FROM: undefined,
      APP_URL: undefined,
    });
    await expect(start).rejects.toThrow(/SMTP_URL" is required when NODE_ENV=production/);
    await expect(start).rejects.toThrow(/MAIL_FROM" is required when NODE_ENV=production/);
    await expect(start).rejects.toThrow(/APP_URL" is required when NODE_ENV=production/);
  });

  it('stops a server whose SMTP_URL is not an SMTP address', async () => {
    await expect(startServerProcess({ SMTP_URL: 'http://mail.example.com' })).rejects.toThrow(
      /SMTP_URL" must be a valid uri with a scheme matching the smtp\|smtps pattern/,
    );
  });

  it('stops a production server with a bcrypt cost under 10 and a bad port, naming both', async () => {
    const start = startServerProcess({ NODE_ENV: 'production', BCRYPT_ROUNDS: '8', PORT: 'eighty' });
    await expect(start).rejects.toThrow(/BCRYPT_ROUNDS" must be at least 10/);
    await expect(start).rejects.toThrow(/PORT" must be a number/);
  });

  // The whole application, with one careless resolver more: RateLimitRegistry stops its start.
  it('stops an app that has a public mutation with neither a rate limit nor an exemption, naming it', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule], providers: [RogueResolver] }).compile();
    const app = moduleRef.createNestApplication(new FastifyAdapter());
    try {
      await expect(app.init()).rejects.toThrow(/rate limit.*: Mutation\.rogue$/);
    } finally {
      // A failed start cannot be closed (close() rethrows the failure): release the database as shutdown would.
      await moduleRef.get(DatabaseModule).onApplicationShutdown();
    }
  });
});
