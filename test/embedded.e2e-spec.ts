import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { userInput } from './factories/user.factory';
import { type AuthPayload, LOGIN, SIGNUP, VIEWER } from './helpers/graphql';
import { post, type ServerProcess, startServerProcess } from './helpers/server-process';

describe('the server on embedded PostgreSQL, as `npm start` runs it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'doorman-pglite-'));
  const env = {
    DATABASE_URL: undefined,
    DOORMAN_EMBEDDED_URL: undefined,
    PGLITE_DIR: join(dir, 'data'),
    NODE_ENV: 'development',
  };
  let server: ServerProcess | undefined;

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps accounts and sessions across a restart', async () => {
    server = await startServerProcess(env);
    const input = userInput();
    const signup = await post<{ signup: AuthPayload }>(server.url, SIGNUP, { input });
    const { accessToken, user } = signup.data!.signup;
    expect(await server.stop()).toBe(0);
    expect(server.output()).toContain('SIGTERM received: shutting down');
    expect(server.output()).not.toContain(input.password);

    server = await startServerProcess(env);
    expect(server.output()).not.toMatch(/Applied migrations/);
    const viewer = await post<{ viewer: { id: string } }>(server.url, VIEWER, {}, accessToken);
    expect(viewer.data!.viewer.id).toBe(user.id);
    const login = await post<{ login: AuthPayload }>(server.url, LOGIN, {
      input: { email: input.email, password: input.password },
    });
    expect(login.data!.login.user.id).toBe(user.id);
  });
});
