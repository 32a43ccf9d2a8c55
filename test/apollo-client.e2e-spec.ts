import { ApolloClient, ApolloLink, CombinedGraphQLErrors, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { userInput } from './factories/user.factory';
import { startApp, type TestApp } from './helpers/app';

const SIGNUP = gql`
  mutation Signup($input: SignupInput!) {
    signup(input: $input) {
      accessToken
      accessTokenExpiresAt
      user {
        id
        name
        email
      }
    }
  }
`;
const LOGIN = gql`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      accessToken
      user {
        id
        email
      }
    }
  }
`;
const VIEWER = gql`
  query Viewer {
    viewer {
      id
      name
      email
    }
  }
`;
const LOGOUT = gql`
  mutation Logout {
    logout
  }
`;

interface Payload {
  accessToken: string;
  accessTokenExpiresAt: string;
  user: { id: string; name: string; email: string };
}

/** The GraphQL errors a rejected operation carries; fails the test if it did not reject with them. */
async function graphQLErrors(operation: Promise<unknown>) {
  const error = await operation.then(
    () => null,
    (e: unknown) => e,
  );
  if (!CombinedGraphQLErrors.is(error)) throw new Error(`expected GraphQL errors, got ${String(error)}`);
  return error.errors;
}

/** A frontend's client: a cache, and a link that adds the token it holds. */
function frontend(uri: string) {
  let token: string | null = null;
  const auth = new ApolloLink((operation, forward) => {
    if (token) operation.setContext({ headers: { authorization: `Bearer ${token}` } });
    return forward(operation);
  });
  const client = new ApolloClient({ link: auth.concat(new HttpLink({ uri })), cache: new InMemoryCache() });
  return { client, setToken: (value: string | null) => (token = value) };
}

describe('a frontend Apollo Client', () => {
  let t: TestApp;
  let uri: string;

  beforeAll(async () => {
    t = await startApp();
    await t.app.listen(0, '127.0.0.1');
    uri = `${await t.app.getUrl()}/graphql`;
  });
  afterAll(() => t.close());

  it('signs up, reads viewer, logs out, and is then refused', async () => {
    const { client, setToken } = frontend(uri);
    const input = userInput();

    const signup = await client.mutate<{ signup: Payload }>({ mutation: SIGNUP, variables: { input } });
    expect(signup.data!.signup.user).toMatchObject({ name: input.name, email: input.email });
    setToken(signup.data!.signup.accessToken);

    const viewer = await client.query<{ viewer: Payload['user'] }>({ query: VIEWER, fetchPolicy: 'network-only' });
    expect(viewer.data!.viewer.id).toBe(signup.data!.signup.user.id);

    const logout = await client.mutate<{ logout: boolean }>({ mutation: LOGOUT });
    expect(logout.data!.logout).toBe(true);

    const after = await client.query({ query: VIEWER, fetchPolicy: 'network-only', errorPolicy: 'all' });
    expect(CombinedGraphQLErrors.is(after.error)).toBe(true);
    expect((after.error as CombinedGraphQLErrors).errors[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('sees a failed login as one GraphQL error with a code, and a good login as a new session', async () => {
    const { client, setToken } = frontend(uri);
    const input = userInput();
    await client.mutate({ mutation: SIGNUP, variables: { input } });

    const failed = await graphQLErrors(
      client.mutate({ mutation: LOGIN, variables: { input: { email: input.email, password: 'wrong password' } } }),
    );
    expect(failed).toEqual([
      expect.objectContaining({ message: 'Invalid email or password', extensions: { code: 'UNAUTHENTICATED' } }),
    ]);

    const login = await client.mutate<{ login: Payload }>({
      mutation: LOGIN,
      variables: { input: { email: input.email, password: input.password } },
    });
    setToken(login.data!.login.accessToken);
    const viewer = await client.query<{ viewer: Payload['user'] }>({ query: VIEWER, fetchPolicy: 'network-only' });
    expect(viewer.data!.viewer.email).toBe(input.email);
  });

  it('gets field-level details for invalid input', async () => {
    const { client } = frontend(uri);
    const errors = await graphQLErrors(
      client.mutate({ mutation: SIGNUP, variables: { input: { name: 'A', email: 'nope', password: 'longenough' } } }),
    );
    expect(errors[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'email', messages: ['email must be a valid email address'] }],
    });
  });
});
