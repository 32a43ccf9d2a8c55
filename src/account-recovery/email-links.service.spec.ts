import { EntityManager } from '@mikro-orm/postgresql';
import { Test } from '@nestjs/testing';
import { createHash } from 'node:crypto';
import { authConfig, mailConfig } from '../config';
import { testAuthConfig, testMailConfig } from '../../test/unit/config.fixture';
import { Mailer, type MailMessage } from '../mail';
import { User } from '../users';
import { EmailLinksService, type IssuedToken } from './email-links.service';
import { EmailToken, EmailTokenPurpose } from './email-token.entity';
import { emailVerificationMail, passwordResetMail } from './recovery-mail';

const { RESET_PASSWORD, VERIFY_EMAIL } = EmailTokenPurpose;
// Neither the fixture's defaults nor each other's: only a service that reads the right setting passes.
const RESET_TTL = 2_700;
const VERIFY_TTL = 172_800;
const APP_URL = 'https://links.doorman.test';
// 43 base64url characters, as the service makes them.
const TOKEN = 'q7Yw-3_kP0aZ9xLm2VnB8cDeFgHiJkLmNoPqRsTuVwX';
const now = new Date('2030-01-01T12:00:00Z');
const sha256 = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

type Template = typeof passwordResetMail;

/** Per purpose: its TTL, the web client's page, the subject, how the TTL is worded, and its template. */
const purposes: [EmailTokenPurpose, number, string, string, string, Template][] = [
  [RESET_PASSWORD, RESET_TTL, 'reset-password', 'Reset your password', '45 minutes', passwordResetMail],
  [VERIFY_EMAIL, VERIFY_TTL, 'verify-email', 'Confirm your email address', '2 days', emailVerificationMail],
];

describe('EmailLinksService', () => {
  let links: EmailLinksService;
  const mailer = { send: jest.fn<void, [MailMessage]>() };
  const em = {
    create: jest.fn<EmailToken, [typeof EmailToken, Partial<EmailToken>]>(),
    execute: jest.fn<Promise<{ user_id: string; email: string }[]>, [string, unknown[]]>(),
  };
  /** A caller's transaction: a manager other than the service's own. */
  const tx = { execute: jest.fn<Promise<{ user_id: string; email: string }[]>, [string, unknown[]]>() };
  const txEm = tx as unknown as EntityManager;

  beforeEach(async () => {
    jest.resetAllMocks();
    const moduleRef = await Test.createTestingModule({
      providers: [
        EmailLinksService,
        { provide: EntityManager, useValue: em },
        { provide: Mailer, useValue: mailer },
        {
          provide: authConfig.KEY,
          useValue: testAuthConfig({ resetTokenTtlSeconds: RESET_TTL, verifyTokenTtlSeconds: VERIFY_TTL }),
        },
        { provide: mailConfig.KEY, useValue: testMailConfig({ appUrl: APP_URL }) },
      ],
    }).compile();
    links = moduleRef.get(EmailLinksService);
  });

  afterEach(() => jest.useRealTimers());

  describe.each(purposes)('for %s', (purpose, ttl, page, subject, wording, template) => {
    it('reads its TTL from the auth config', () => {
      expect(links.ttlSeconds(purpose)).toBe(ttl);
    });

    it('send() mails the message for that purpose to the address, linking to APP_URL, with the TTL worded', () => {
      links.send(purpose, 'carol@example.com', TOKEN);

      expect(mailer.send).toHaveBeenCalledTimes(1);
      const [[message]] = mailer.send.mock.calls;
      expect(message).toMatchObject({ to: 'carol@example.com', subject, link: `${APP_URL}/${page}?token=${TOKEN}` });
      expect(message.text).toContain(`${APP_URL}/${page}?token=${TOKEN}`);
      expect(message.text).toMatch(new RegExp(`within ${wording}\\b`));
      expect(message.html).toMatch(new RegExp(`within ${wording}\\b`));
      // Exactly the purpose's template, filled with APP_URL and the purpose's TTL.
      expect(message).toEqual(template('carol@example.com', APP_URL, TOKEN, ttl));
    });

    it("create() adds the token's hash to the unit of work, expiring after that purpose's TTL", () => {
      jest.useFakeTimers({ now });
      const user = Object.assign(new User(), { name: 'Carol', email: 'carol@example.com' });
      em.create.mockImplementation((_, data) => Object.assign(new EmailToken(), data));

      const token = links.create(em as unknown as EntityManager, user, purpose);
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const expiresAt = new Date(now.getTime() + ttl * 1000);
      expect(em.create.mock.calls).toEqual([
        [EmailToken, { user, purpose, tokenHash: sha256(token), email: user.email, expiresAt }],
      ]);
      expect(em.execute).not.toHaveBeenCalled();
    });

    it("issue() gives the statement that purpose's TTL, in the transaction it is given", async () => {
      tx.execute.mockResolvedValue([{ user_id: 'user-1', email: 'carol@example.com' }]);

      const issued = await links.issue(purpose, { email: 'carol@example.com' }, 60, txEm);
      expect(issued?.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(issued).toEqual<IssuedToken>({
        token: String(issued?.token),
        userId: 'user-1',
        email: 'carol@example.com',
      });
      expect(em.execute).not.toHaveBeenCalled();
      expect(tx.execute).toHaveBeenCalledTimes(1);
      const [, params] = tx.execute.mock.calls[0];
      expect(params).toEqual([expect.any(String), purpose, sha256(issued!.token), ttl, 'carol@example.com', 60]);
    });
  });

  it("send() builds the two messages differently: one purpose never gets the other's mail", () => {
    links.send(RESET_PASSWORD, 'carol@example.com', TOKEN);
    links.send(VERIFY_EMAIL, 'carol@example.com', TOKEN);

    const [[reset], [verify]] = mailer.send.mock.calls;
    expect(reset.link).not.toBe(verify.link);
    expect(reset.text).toMatch(/signs out every session/);
    expect(verify.text).not.toMatch(/password/i);
  });
});
