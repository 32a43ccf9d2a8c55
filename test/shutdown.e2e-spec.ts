import { userInput } from './factories/user.factory';
import { type AuthPayload, SIGNUP } from './helpers/graphql';
import { post, startServerProcess } from './helpers/server-process';

describe('graceful shutdown', () => {
  it('finishes a request in flight on SIGTERM, then stops accepting and exits 0', async () => {
    // A high bcrypt cost keeps the signup busy for a while after the signal.
    const server = await startServerProcess({
      DATABASE_URL: undefined,
      DOORMAN_EMBEDDED_URL: undefined,
      PGLITE_DIR: 'memory://',
      BCRYPT_ROUNDS: '13',
    });
    const input = userInput();
    const inFlight = post<{ signup: AuthPayload }>(server.url, SIGNUP, { input });
    await new Promise((r) => setTimeout(r, 150));
    const exit = server.stop();

    const res = await inFlight;
    expect(res.data?.signup.user.email).toBe(input.email);
    expect(res.connection).toBe('close');
    expect(await exit).toBe(0);
    await expect(fetch(server.url, { method: 'POST' })).rejects.toThrow();
    expect(server.output()).toContain('SIGTERM received: shutting down');
  });
});
