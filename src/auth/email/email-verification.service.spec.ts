import type { EntityManager } from '@mikro-orm/postgresql';
import { AuthEventType } from '../../audit/auth-event.entity';
import { InvalidTokenError } from '../../common/errors';
import { emailVerificationMail } from '../../mail/mail.templates';
import { EmailTokenPurpose } from './email-token.entity';
import { EmailVerificationService } from './email-verification.service';
import { bob, client, compileEmailService, emailFakes, TOKEN } from './email.fixture';

const { VERIFY_EMAIL } = EmailTokenPurpose;
const APP_URL = 'https://app.doorman.test';
const TTL = 86_400;
const user = bob();

describe('EmailVerificationService', () => {
  let service: EmailVerificationService;
  const fakes = emailFakes();
  const { em, txEm, tokens, users, mailer, audit, sessionCache } = fakes;
  const compile = (requireEmailVerification = false) =>
    compileEmailService(EmailVerificationService, fakes, { auth: { verifyTokenTtlSeconds: TTL, requireEmailVerification }, mail: { appUrl: APP_URL } });

  beforeEach(async () => {
    service = await compile();
    mailer.send.mockReturnValue(undefined);
  });

  it.each([true, false])('required reads REQUIRE_EMAIL_VERIFICATION=%p', async (required) => {
    await expect(compile(required)).resolves.toHaveProperty('required', required);
  });

  it('create makes a VERIFY_EMAIL token with VERIFY_TOKEN_TTL in the given transaction', () => {
    tokens.create.mockReturnValue(TOKEN);

    expect(service.create(txEm as unknown as EntityManager, user)).toBe(TOKEN);
    expect(tokens.create.mock.calls).toEqual([[txEm, user, VERIFY_EMAIL, TTL]]);
  });

  it('send hands the verification mail for APP_URL to the mailer', () => {
    service.send(user.email, TOKEN);

    expect(mailer.send.mock.calls).toEqual([[emailVerificationMail(user.email, APP_URL, TOKEN, TTL)]]);
    expect(mailer.send.mock.calls[0][0].link).toBe(`${APP_URL}/verify-email?token=${TOKEN}`);
  });

  describe('request', () => {
    it("issues a new token for the viewer's account and mails it to the address it was issued for", async () => {
      tokens.issue.mockResolvedValue({ token: TOKEN, userId: user.id, email: 'bob@example.com' });

      await expect(service.request(user, client)).resolves.toBe(true);
      expect(tokens.issue.mock.calls).toEqual([[VERIFY_EMAIL, TTL, { userId: user.id }, 0]]);
      expect(mailer.send.mock.calls).toEqual([[emailVerificationMail('bob@example.com', APP_URL, TOKEN, TTL)]]);
      expect(audit.record.mock.calls).toEqual([[{ type: AuthEventType.EMAIL_VERIFICATION_REQUESTED, userId: user.id, email: 'bob@example.com', client }]]);
    });

    it('passes the minimum interval on to the token store (a resend nobody asked for)', async () => {
      tokens.issue.mockResolvedValue(null);

      await expect(service.request(user, client, 60)).resolves.toBe(true);
      expect(tokens.issue).toHaveBeenCalledWith(VERIFY_EMAIL, TTL, { userId: user.id }, 60);
    });

    // Nothing issued: the account is verified already, or its link is younger than the interval.
    it('answers true and neither mails nor records anything when no token was issued', async () => {
      tokens.issue.mockResolvedValue(null);

      await expect(service.request(user, client)).resolves.toBe(true);
      expect(mailer.send).not.toHaveBeenCalled();
      expect(audit.record).not.toHaveBeenCalled();
    });
  });

  describe('verify', () => {
    beforeEach(() => {
      tokens.spend.mockResolvedValue({ userId: user.id, email: user.email });
      users.markEmailVerified.mockResolvedValue(true);
    });

    it('spends the token and marks the address it was sent to verified, in one transaction, then records EMAIL_VERIFIED', async () => {
      let recordedBeforeCommit: number | undefined;
      em.transactional.mockImplementation(async (work) => {
        const result = await work(txEm as unknown as EntityManager);
        recordedBeforeCommit = audit.record.mock.calls.length + sessionCache.evictUser.mock.calls.length;
        return result;
      });

      await expect(service.verify(TOKEN, client)).resolves.toBe(true);
      expect(tokens.spend.mock.calls).toEqual([[txEm, VERIFY_EMAIL, TOKEN]]);
      expect(users.markEmailVerified.mock.calls).toEqual([[txEm, user.id, user.email]]);
      expect(recordedBeforeCommit).toBe(0);
      // The cached user (emailVerified: false) goes once the change has committed.
      expect(sessionCache.evictUser.mock.calls).toEqual([[user.id]]);
      expect(audit.record.mock.calls).toEqual([[{ type: AuthEventType.EMAIL_VERIFIED, userId: user.id, email: user.email, client }]]);
    });

    it('refuses an unknown, used or expired token with INVALID_TOKEN', async () => {
      tokens.spend.mockResolvedValue(null);

      await expect(service.verify(TOKEN, client)).rejects.toBeInstanceOf(InvalidTokenError);
      expect(users.markEmailVerified).not.toHaveBeenCalled();
      expect(audit.record).not.toHaveBeenCalled();
    });

    // Throwing inside the transaction rolls the spend back too.
    it('refuses with INVALID_TOKEN, inside the transaction, a link for an address the account no longer has', async () => {
      users.markEmailVerified.mockResolvedValue(false);

      const verifying = service.verify(TOKEN, client);
      await expect(verifying).rejects.toBeInstanceOf(InvalidTokenError);
      await expect(em.transactional.mock.results[0].value).rejects.toBeInstanceOf(InvalidTokenError);
      expect(audit.record).not.toHaveBeenCalled();
    });
  });
});
