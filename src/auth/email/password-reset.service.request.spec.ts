import type { EntityManager } from '@mikro-orm/postgresql';
import { AuthEventType } from '../../audit/auth-event.entity';
import { passwordResetMail } from '../../mail/mail.templates';
import { EmailTokenPurpose } from './email-token.entity';
import { bob, client, compileEmailService, emailFakes, TOKEN } from './email.fixture';
import { PasswordResetService } from './password-reset.service';

const { RESET_PASSWORD } = EmailTokenPurpose;
const APP_URL = 'https://app.doorman.test';
const TTL = 1_800;
const user = bob();

/** PasswordResetService.request: "forgot your password", answered alike whether or not the address has an account. */
describe('PasswordResetService.request', () => {
  let service: PasswordResetService;
  const fakes = emailFakes();
  const { em, txEm, tokens, mailer, audit } = fakes;

  beforeEach(async () => {
    service = await compileEmailService(PasswordResetService, fakes, { auth: { resetTokenTtlSeconds: TTL }, mail: { appUrl: APP_URL } });
    mailer.send.mockReturnValue(undefined);
  });

  const known = { token: TOKEN, userId: user.id, email: user.email };

  it('issues a token for the normalised address and mails the link to the account', async () => {
    tokens.issue.mockResolvedValue(known);

    await expect(service.request('  Bob@Example.COM ', client)).resolves.toBe(true);
    expect(tokens.issue.mock.calls).toEqual([[RESET_PASSWORD, TTL, { email: 'bob@example.com' }, 0, txEm]]);
    expect(mailer.send.mock.calls).toEqual([[passwordResetMail(user.email, APP_URL, TOKEN, TTL)]]);
    expect(mailer.send.mock.calls[0][0].link).toBe(`${APP_URL}/reset-password?token=${TOKEN}`);
  });

  it('answers true and mails nothing for an address with no account', async () => {
    tokens.issue.mockResolvedValue(null);

    await expect(service.request('nobody@example.com', client)).resolves.toBe(true);
    expect(tokens.issue).toHaveBeenCalledTimes(1);
    expect(mailer.send).not.toHaveBeenCalled();
  });

  // The same writes on both paths, so the time taken tells nothing; probing shows as requests without a userId.
  it.each([
    ['with the account', known],
    ['without an account', null],
  ])('records PASSWORD_RESET_REQUESTED for the address in the same transaction, %s', async (_case, issued) => {
    tokens.issue.mockResolvedValue(issued);

    await expect(service.request('BOB@example.com', client)).resolves.toBe(true);
    expect(em.transactional).toHaveBeenCalledTimes(1);
    expect(audit.recordIn).toHaveBeenCalledTimes(1);
    const [[inTransaction, event]] = audit.recordIn.mock.calls;
    expect(inTransaction).toBe(txEm);
    expect(event).toMatchObject({ type: AuthEventType.PASSWORD_RESET_REQUESTED, email: 'bob@example.com', client });
    expect(event.userId ?? null).toBe(issued ? user.id : null);
    expect(audit.record).not.toHaveBeenCalled();
  });

  it('mails the link only once the transaction has committed', async () => {
    tokens.issue.mockResolvedValue(known);
    let sentBeforeCommit: boolean | undefined;
    em.transactional.mockImplementation(async (work) => {
      const result = await work(txEm as unknown as EntityManager);
      sentBeforeCommit = mailer.send.mock.calls.length > 0;
      return result;
    });

    await expect(service.request(user.email, client)).resolves.toBe(true);
    expect(sentBeforeCommit).toBe(false);
    expect(mailer.send).toHaveBeenCalledTimes(1);
  });

  it('mails nothing when the transaction fails (the token was never stored)', async () => {
    const failure = new Error('connection reset');
    tokens.issue.mockResolvedValue(known);
    audit.recordIn.mockRejectedValue(failure);

    await expect(service.request(user.email, client)).rejects.toBe(failure);
    expect(mailer.send).not.toHaveBeenCalled();
  });
});
