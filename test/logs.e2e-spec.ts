import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { userInput } from './factories/user.factory';
import { PRODUCTION_ENV } from './helpers/app';
import {
  type AuthPayload,
  CHANGE_PASSWORD,
  LOGIN,
  REFRESH,
  REQUEST_PASSWORD_RESET,
  RESET_PASSWORD,
  SIGNUP,
  VERIFY_EMAIL,
  VIEWER,
} from './helpers/graphql';
import { linkToken, TestSmtpServer } from './helpers/smtp';
import { post, type ServerProcess, startServerProcess } from './helpers/server-process';

describe('the logs of a full session, at the most verbose level', () => {
  const dir = mkdtempSync(join(tmpdir(), 'doorman-logs-'));
  let server: ServerProcess | undefined;
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
  });
  afterAll(async () => {
    await server?.stop();
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hold no password, hash or token, and one line per request with its id and outcome', async () => {
    server = await startServerProcess({
      ...PRODUCTION_ENV,
      SMTP_URL: smtp.url,
      LOG_LEVEL: 'trace',
      DB_DEBUG: 'true',
      DATABASE_URL: undefined,
      DOORMAN_EMBEDDED_URL: undefined,
      PGLITE_DIR: join(dir, 'data'),
    });
    const secrets: string[] = [];
    const input = userInput();
    secrets.push(input.password);

    const signup = (await post<{ signup: AuthPayload }>(server.url, SIGNUP, { input })).data!.signup;
    await post(server.url, LOGIN, { input: { email: input.email, password: `${input.password}-wrong` } });
    const login = (
      await post<{ login: AuthPayload }>(server.url, LOGIN, { input: { email: input.email, password: input.password } })
    ).data!.login;
    const refreshed = (await post<{ refreshToken: AuthPayload }>(server.url, REFRESH, { token: login.refreshToken }))
      .data!.refreshToken;
    await post(server.url, VIEWER, {}, refreshed.accessToken);
    const newPassword = 'another long passphrase here';
    secrets.push(newPassword, `${input.password}-wrong`);
    const changed = (
      await post<{ changePassword: AuthPayload }>(
        server.url,
        CHANGE_PASSWORD,
        { input: { currentPassword: input.password, newPassword } },
        signup.accessToken,
      )
    ).data!.changePassword;

    // Both emailed links, followed: their tokens are secrets too.
    const verifyToken = linkToken(await smtp.next(input.email), 'verify-email');
    await post(server.url, VERIFY_EMAIL, { token: verifyToken });
    await post(server.url, REQUEST_PASSWORD_RESET, { email: input.email });
    const resetToken = linkToken(await smtp.next(input.email), 'reset-password');
    const resetPassword = 'a third passphrase, from the reset';
    expect(
      (await post(server.url, RESET_PASSWORD, { input: { token: resetToken, newPassword: resetPassword } })).data,
    ).toEqual({ resetPassword: true });
    secrets.push(verifyToken, resetToken, resetPassword);

    const cookieSignup = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-transport': 'cookie', 'x-request-id': 'trace-me-42' },
      body: JSON.stringify({ query: SIGNUP, variables: { input: userInput() } }),
    });
    expect(cookieSignup.headers.get('x-request-id')).toBe('trace-me-42');
    const cookieValues = cookieSignup.headers.getSetCookie().map((c) => c.split(';')[0].split('=')[1]);
    expect(cookieValues).toHaveLength(2);

    for (const payload of [signup, login, refreshed, changed]) secrets.push(payload.accessToken, payload.refreshToken);
    secrets.push(...cookieValues);
    expect(await server.stop()).toBe(0);

    const output = server.output();
    for (const secret of secrets) expect(output).not.toContain(secret);
    expect(output).not.toMatch(/\$2[aby]\$\d\d\$/);
    const lines = output.split('\n').filter((line) => line.includes('"request completed"'));
    expect(lines.length).toBeGreaterThanOrEqual(10);
    const traced = lines
      .map(
        (line) =>
          JSON.parse(line) as {
            req: { id: string };
            graphql?: { operation: string; outcome: string };
            responseTime: number;
          },
      )
      .find((entry) => entry.req.id === 'trace-me-42');
    expect(traced).toMatchObject({ graphql: { operation: 'Signup', outcome: 'ok' }, responseTime: expect.any(Number) });
    expect(lines.some((line) => line.includes('"operation":"Login","outcome":"UNAUTHENTICATED"'))).toBe(true);
  });
});
