import { buildSchema, parse, validate } from 'graphql';
import { singleCredentialMutation } from './graphql-limits';
import { CREDENTIAL_MUTATIONS } from '../../test/unit/credential-mutations';

// The same fields under Query too, so that "queries are ignored" is tested with names that would count.
const schema = buildSchema(`
  type Query { login: String signup: String }
  type Mutation {
    login: String signup: String refreshToken: String changePassword: String deleteAccount: Boolean logout: Boolean
    requestPasswordReset: Boolean resetPassword: Boolean requestEmailVerification: Boolean verifyEmail: Boolean
  }
`);

// What RateLimitRegistry finds marked @CredentialMutation (rate-limit.registry.spec.ts proves the real list).
const CREDENTIAL = new Set(CREDENTIAL_MUTATIONS);

const errorsOf = (document: string, credential: () => ReadonlySet<string> = () => CREDENTIAL) =>
  validate(schema, parse(document), [singleCredentialMutation(credential)]);

describe('singleCredentialMutation', () => {
  it.each([
    ['one login', 'mutation { login }'],
    ['login and logout', 'mutation { login logout }'],
    ['one deleteAccount and logout', 'mutation { deleteAccount logout }'],
    [
      'one login spread from the same fragment twice',
      'mutation { ...Creds ...Creds } fragment Creds on Mutation { login }',
    ],
    ['one requestPasswordReset and logout', 'mutation { requestPasswordReset logout }'],
    ['one verifyEmail', 'mutation { verifyEmail }'],
  ])('lets %s through', (_case, document) => {
    expect(errorsOf(document)).toEqual([]);
  });

  it.each([
    ['two aliases of login', 'mutation { first: login second: login }'],
    ['login and signup', 'mutation { login signup }'],
    ['refreshToken and changePassword', 'mutation { refreshToken changePassword }'],
    ['changePassword and deleteAccount', 'mutation { changePassword deleteAccount }'],
    ['two aliases of deleteAccount', 'mutation { first: deleteAccount second: deleteAccount }'],
    ['a login inside an inline fragment', 'mutation { login ... on Mutation { again: login } }'],
    ['a signup in a named fragment', 'mutation { login ...Creds } fragment Creds on Mutation { signup }'],
    [
      'credentials nested in fragments',
      'mutation { ...A } fragment A on Mutation { login ...B } fragment B on Mutation { ... on Mutation { refreshToken } }',
    ],
    // Each sends a mail or spends an emailed token: aliases would multiply one rate-limit check.
    ['two aliases of requestPasswordReset', 'mutation { a: requestPasswordReset b: requestPasswordReset }'],
    ['two aliases of resetPassword', 'mutation { a: resetPassword b: resetPassword }'],
    ['two aliases of requestEmailVerification', 'mutation { a: requestEmailVerification b: requestEmailVerification }'],
    ['two aliases of verifyEmail', 'mutation { a: verifyEmail b: verifyEmail }'],
    ['login and resetPassword', 'mutation { login resetPassword }'],
    // A code guess each: aliases would multiply one rate-limit check, and one challenge's five tries.
    ['two aliases of verifyTwoFactor', 'mutation { a: verifyTwoFactor b: verifyTwoFactor }'],
    ['reauthenticate and disableTwoFactor', 'mutation { reauthenticate disableTwoFactor }'],
  ])('refuses %s with BAD_USER_INPUT', (_case, document) => {
    const errors = errorsOf(document);

    expect(errors).toHaveLength(1);
    expect(errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(errors[0].message).toBe(`At most one of ${CREDENTIAL_MUTATIONS.join(', ')} per operation; this one has 2`);
  });

  it('counts only the mutations it is given: two mutations outside the set pass', () => {
    const loginOnly = () => new Set(['login']);

    expect(errorsOf('mutation { login signup refreshToken }', loginOnly)).toEqual([]);
    expect(errorsOf('mutation { a: login b: login }', loginOnly)).toHaveLength(1);
  });

  // The rule is built with the GraphQL options, before RateLimitRegistry has scanned the resolvers.
  it('reads the set when a document is validated, not when the rule is built', () => {
    let known: ReadonlySet<string> = new Set();
    const rule = singleCredentialMutation(() => known);
    expect(validate(schema, parse('mutation { login signup }'), [rule])).toEqual([]);

    known = CREDENTIAL;

    expect(validate(schema, parse('mutation { login signup }'), [rule])).toHaveLength(1);
  });

  it('ignores query operations', () => {
    expect(errorsOf('query { first: login second: login signup }')).toEqual([]);
  });

  it('judges each mutation of a document on its own', () => {
    const errors = errorsOf('mutation A { login } mutation B { signup refreshToken }');

    expect(errors).toHaveLength(1);
    expect(errors[0].nodes?.[0]).toMatchObject({ name: { value: 'B' } });
  });
});
