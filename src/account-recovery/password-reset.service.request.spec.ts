import type { EntityManager } from '@mikro-orm/postgresql';
import { bob, client, compileEmailService, emailFakes, TOKEN } from '../../test/unit/email.fixture';
import { AuthEventType } from '../audit';
import { EmailTokenPurpose } from './email-token.entity';
import { PasswordResetService } from './password-reset.service';

const { RESET_PASSWORD } = EmailTokenPurpose;
const user = bob();

/** PasswordResetService.request: "forgot your password", answered alike whether or not the address has an account. */
describe('PasswordResetService.request', () => {
  let service: PasswordResetService;
  const fakes = emailFakes();
  const { em, txEm, links, audit } = fakes;

  beforeEach(async () => {
    service = await compileEmailService(PasswordResetService, fakes);
    links.send.mockReturnValue(undefined);
  });

  const known = { token: TOKEN, userId: user.id, email: user.email };

  // The message (APP_URL/reset-password?token=..., RESET_TOKEN_TTL's wording) is links.send's: email-links.service.spec.ts.
  it('issues a token for the normalised address and mails the link to the account', async () => {
    links.issue.mockResolvedValue(known);

    await expect(service.request('  Bob@Example.COM ', client)).resolves.toBe(true);
    expect(links.issue.mock.calls).toEqual([[RESET_PASSWORD, { email: 'bob@example.com' }, 0, txEm]]);
    expect(links.send.mock.calls).toEqual([[RESET_PASSWORD, user.email, TOKEN]]);
  });

  it('answers true and mails nothing for an address with no account', async () => {
    links.issue.mockResolvedValue(null);

    await expect(service.request('nobody@example.com', client)).resolves.toBe(true);
    expect(links.issue).toHaveBeenCalledTimes(1);
    expect(links.send).not.toHaveBeenCalled();
  });

  // The same writes on both paths, so the time taken tells nothing; probing shows as requests without a userId.
  it.each([
    ['with the account', known],
    ['without an account', null],
  ])('records PASSWORD_RESET_REQUESTED for the address in the same transaction, %s', async (_case, issued) => {
    links.issue.mockResolvedValue(issued);

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
    links.issue.mockResolvedValue(known);
    let sentBeforeCommit: boolean | undefined;
    em.transactional.mockImplementation(async (work) => {
      const result = await work(txEm as unknown as EntityManager);
      sentBeforeCommit = links.send.mock.calls.length > 0;
      return result;
    });

    await expect(service.request(user.email, client)).resolves.toBe(true);
    expect(sentBeforeCommit).toBe(false);
    expect(links.send).toHaveBeenCalledTimes(1);
  });

  it('mails nothing when the transaction fails (the token was never stored)', async () => {
    const failure = new Error('connection reset');
    links.issue.mockResolvedValue(known);
    audit.recordIn.mockRejectedValue(failure);

    await expect(service.request(user.email, client)).rejects.toBe(failure);
    expect(links.send).not.toHaveBeenCalled();
  });
});
