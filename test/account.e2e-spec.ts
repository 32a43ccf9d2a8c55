import { logIn, signUp, userInput } from './factories/user.factory';
import { startApp, type TestApp } from './helpers/app';
import { type AuthPayload, CHANGE_PASSWORD, errorCode, gql, LOGIN, REFRESH, SIGNUP, VIEWER } from './helpers/graphql';

const UPDATE_PROFILE = 'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id name email } }';
const DELETE_ACCOUNT = 'mutation($password: String!) { deleteAccount(password: $password) }';

describe('the account', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  const alive = async (token: string) => errorCode(await gql(t.server, VIEWER, {}, { token })) === undefined;
  const changePassword = (token: string, currentPassword: string, newPassword: string) =>
    gql<{ changePassword: AuthPayload }>(
      t.server,
      CHANGE_PASSWORD,
      { input: { currentPassword, newPassword } },
      { token },
    );
  const loginCode = async (email: string, password: string) =>
    errorCode(await gql(t.server, LOGIN, { input: { email, password } }));

  describe('changePassword', () => {
    it('with a wrong current password is refused and changes nothing', async () => {
      const me = await signUp(t.server);
      const thief = await logIn(t.server, me.input.email, me.input.password);
      const res = await changePassword(me.accessToken, 'not my password', 'a brand new password');
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
      expect(await alive(thief.accessToken)).toBe(true);
      expect(await loginCode(me.input.email, me.input.password)).toBeUndefined();
      expect(await loginCode(me.input.email, 'a brand new password')).toBe('UNAUTHENTICATED');
    });

    it("applies signup's password rules to the new password", async () => {
      const me = await signUp(t.server);
      const res = await changePassword(me.accessToken, me.input.password, 'short');
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions!.fields).toEqual([
        { field: 'newPassword', messages: ['newPassword must be 8 to 1024 characters long'] },
      ]);
    });

    it('kills a stolen session, keeps this one with fresh tokens, and retires the old password', async () => {
      const me = await signUp(t.server);
      const thief = await logIn(t.server, me.input.email, me.input.password);
      const res = await changePassword(me.accessToken, me.input.password, 'a brand new password');
      const fresh = res.data!.changePassword;

      expect(await alive(thief.accessToken)).toBe(false);
      expect(errorCode(await gql(t.server, REFRESH, { token: thief.refreshToken }))).toBe('UNAUTHENTICATED');
      expect(await alive(me.accessToken)).toBe(true);
      expect(await alive(fresh.accessToken)).toBe(true);
      expect(errorCode(await gql(t.server, REFRESH, { token: me.refreshToken }))).toBe('UNAUTHENTICATED');
      expect(errorCode(await gql(t.server, REFRESH, { token: fresh.refreshToken }))).toBeUndefined();

      expect(await loginCode(me.input.email, me.input.password)).toBe('UNAUTHENTICATED');
      expect(await loginCode(me.input.email, 'a brand new password')).toBeUndefined();
    });
  });

  describe('updateProfile', () => {
    it("changes the name with signup's rules", async () => {
      const me = await signUp(t.server);
      const res = await gql<{ updateProfile: { name: string } }>(
        t.server,
        UPDATE_PROFILE,
        { input: { name: '  Grace Hopper ' } },
        { token: me.accessToken },
      );
      expect(res.data!.updateProfile.name).toBe('Grace Hopper');
      const viewer = await gql<{ viewer: { name: string } }>(t.server, VIEWER, {}, { token: me.accessToken });
      expect(viewer.data!.viewer.name).toBe('Grace Hopper');

      for (const name of ['', '   ', 'x'.repeat(121), 'tab\there']) {
        expect(errorCode(await gql(t.server, UPDATE_PROFILE, { input: { name } }, { token: me.accessToken }))).toBe(
          'BAD_USER_INPUT',
        );
      }
      expect(errorCode(await gql(t.server, UPDATE_PROFILE, { input: { name: 'Nobody' } }))).toBe('UNAUTHENTICATED');
    });
  });

  it('acts for the session only: a login field in the same operation changes nobody else', async () => {
    const me = await signUp(t.server);
    const them = await signUp(t.server);
    const res = await gql<{ a: { id: string }; login: AuthPayload; b: { id: string } }>(
      t.server,
      `mutation($login: LoginInput!) {
        a: updateProfile(input: { name: "First" }) { id }
        login(input: $login) { user { id } }
        b: updateProfile(input: { name: "Second" }) { id }
      }`,
      { login: { email: them.input.email, password: them.input.password } },
      { token: me.accessToken },
    );
    expect(res.data!.login.user.id).toBe(them.user.id);
    expect([res.data!.a.id, res.data!.b.id]).toEqual([me.user.id, me.user.id]);
    const theirs = await gql<{ viewer: { name: string } }>(t.server, VIEWER, {}, { token: them.accessToken });
    expect(theirs.data!.viewer.name).toBe(them.input.name);
  });

  describe('deleteAccount', () => {
    it('with a wrong password is refused and removes nothing', async () => {
      const me = await signUp(t.server);
      const res = await gql(t.server, DELETE_ACCOUNT, { password: 'not my password' }, { token: me.accessToken });
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
      expect(await alive(me.accessToken)).toBe(true);
    });

    it('removes the user and every session: all its tokens are refused', async () => {
      const me = await signUp(t.server);
      const other = await logIn(t.server, me.input.email, me.input.password);
      const res = await gql<{ deleteAccount: boolean }>(
        t.server,
        DELETE_ACCOUNT,
        { password: me.input.password },
        { token: me.accessToken },
      );
      expect(res.data!.deleteAccount).toBe(true);

      expect(await alive(me.accessToken)).toBe(false);
      expect(await alive(other.accessToken)).toBe(false);
      expect(errorCode(await gql(t.server, REFRESH, { token: other.refreshToken }))).toBe('UNAUTHENTICATED');
      expect(await loginCode(me.input.email, me.input.password)).toBe('UNAUTHENTICATED');
      // The address is free again.
      expect(errorCode(await gql(t.server, SIGNUP, { input: userInput({ email: me.input.email }) }))).toBeUndefined();
    });
  });
});
