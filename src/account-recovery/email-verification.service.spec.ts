import type { EntityManager } from '@mikro-orm/postgresql';
import { bob, client, compileEmailService, emailFakes, TOKEN } from '../../test/unit/email.fixture';
import { AuthEventType } from '../audit';
import { InvalidTokenError } from '../common/errors';
import { EmailTokenPurpose } from './email-token.entity';
import { EmailVerificationService } from './email-verification.service';

const { VERIFY_EMAIL } = EmailTokenPurpose;
const user = bob();

describe('EmailVerificationService', () => {
  let service: EmailVerificationService;
  const fakes = emailFakes();
  const { em, txEm, links, users, audit, sessions } = fakes;
  const compile = (requireEmailVerification = false) =>
    compileEmailService(EmailVerificationService, fakes, { requireEmailVerification });

  beforeEach(async () => {
    service = await compile();
    links.send.mockReturnValue(undefined);
  });

  it.each([true, false])('required reads REQUIRE_EMAIL_VERIFICATION=%p', async (required) => {
    await expect(compile(required)).resolves.toHaveProperty('required', required);
  });

  // The link's lifetime (VERIFY_TOKEN_TTL) is the links service's: email-links.service.spec.ts.
  it('create makes a VERIFY_EMAIL token in the given transaction', () => {
    links.create.mockReturnValue(TOKEN);

    expect(service.create(txEm as unknown as EntityManager, user)).toBe(TOKEN);
    expect(links.create.mock.calls).toEqual([[txEm, user, VERIFY_EMAIL]]);
  });

  // The message itself (APP_URL/verify-email?token=..., the TTL's wording) is built by links.send.
  it('send hands the token to the links service as a verification mail to that address', () => {
    service.send(user.email, TOKEN);

    expect(links.send.mock.calls).toEqual([[VERIFY_EMAIL, user.email, TOKEN]]);
  });

  describe('request', () => {
    it("issues a new token for the viewer's account and mails it to the address it was issued for", async () => {
      links.issue.mockResolvedValue({ token: TOKEN, userId: user.id, email: 'bob@example.com' });

      await expect(service.request(user, client)).resolves.toBe(true);
      expect(links.issue.mock.calls).toEqual([[VERIFY_EMAIL, { userId: user.id }, 0]]);
      expect(links.send.mock.calls).toEqual([[VERIFY_EMAIL, 'bob@example.com', TOKEN]]);
      expect(audit.record.mock.calls).toEqual([
        [{ type: AuthEventType.EMAIL_VERIFICATION_REQUESTED, userId: user.id, email: 'bob@example.com', client }],
      ]);
    });

    it('passes the minimum interval on to the token store (a resend nobody asked for)', async () => {
      links.issue.mockResolvedValue(null);

      await expect(service.request(user, client, 60)).resolves.toBe(true);
      expect(links.issue).toHaveBeenCalledWith(VERIFY_EMAIL, { userId: user.id }, 60);
    });

    // Nothing issued: the account is verified already, or its link is younger than the interval.
    it('answers true and neither mails nor records anything when no token was issued', async () => {
      links.issue.mockResolvedValue(null);

      await expect(service.request(user, client)).resolves.toBe(true);
      expect(links.send).not.toHaveBeenCalled();
      expect(audit.record).not.toHaveBeenCalled();
    });
  });

  describe('verify', () => {
    beforeEach(() => {
      links.spend.mockResolvedValue({ userId: user.id, email: user.email });
      users.markEmailVerified.mockResolvedValue(true);
    });

    it('spends the token and marks the address it was sent to verified, in one transaction, then records EMAIL_VERIFIED', async () => {
      let recordedBeforeCommit: number | undefined;
      em.transactional.mockImplementation(async (work) => {
        const result = await work(txEm as unknown as EntityManager);
        recordedBeforeCommit = audit.record.mock.calls.length + sessions.changed.mock.calls.length;
        return result;
      });

      await expect(service.verify(TOKEN, client)).resolves.toBe(true);
      expect(links.spend.mock.calls).toEqual([[txEm, VERIFY_EMAIL, TOKEN]]);
      expect(users.markEmailVerified.mock.calls).toEqual([[txEm, user.id, user.email]]);
      expect(recordedBeforeCommit).toBe(0);
      // The cached user (emailVerified: false) goes once the change has committed.
      // Every cached session of the user, not one: changed(userId) names no session.
      expect(sessions.changed.mock.calls).toEqual([[user.id]]);
      expect(audit.record.mock.calls).toEqual([
        [{ type: AuthEventType.EMAIL_VERIFIED, userId: user.id, email: user.email, client }],
      ]);
    });

    it('refuses an unknown, used or expired token with INVALID_TOKEN', async () => {
      links.spend.mockResolvedValue(null);

      await expect(service.verify(TOKEN, client)).rejects.toBeInstanceOf(InvalidTokenError);
      expect(users.markEmailVerified).not.toHaveBeenCalled();
      expect(sessions.changed).not.toHaveBeenCalled();
      expect(audit.record).not.toHaveBeenCalled();
    });

    // Throwing inside the transaction rolls the spend back too.
    it('refuses with INVALID_TOKEN, inside the transaction, a link for an address the account no longer has', async () => {
      users.markEmailVerified.mockResolvedValue(false);

      const verifying = service.verify(TOKEN, client);
      await expect(verifying).rejects.toBeInstanceOf(InvalidTokenError);
      await expect(em.transactional.mock.results[0].value).rejects.toBeInstanceOf(InvalidTokenError);
      expect(sessions.changed).not.toHaveBeenCalled();
      expect(audit.record).not.toHaveBeenCalled();
    });
  });
});
