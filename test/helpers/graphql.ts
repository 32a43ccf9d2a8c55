import request from 'supertest';
import type { App } from 'supertest/types';

export interface GraphQLErrorJson {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
  path?: string[];
}

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: GraphQLErrorJson[];
  text: string;
}

/** Posts one GraphQL operation as a client would, with an optional bearer token and headers. */
export async function gql<T = Record<string, unknown>>(
  server: App,
  query: string,
  variables: Record<string, unknown> = {},
  options: { token?: string; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse<T>> {
  let req = request(server).post('/graphql').set('content-type', 'application/json');
  if (options.token) req = req.set('authorization', `Bearer ${options.token}`);
  for (const [name, value] of Object.entries(options.headers ?? {})) req = req.set(name, value);
  const res = await req.send({ query, variables });
  const body = (res.body ?? {}) as { data?: T | null; errors?: GraphQLErrorJson[] };
  return { status: res.status, data: body.data, errors: body.errors, text: res.text };
}

export const errorCode = (res: GraphQLResponse<unknown>): string | undefined => res.errors?.[0]?.extensions?.code;

const PAYLOAD = 'accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt user { id name email createdAt }';
export const SIGNUP = `mutation Signup($input: SignupInput!) { signup(input: $input) { ${PAYLOAD} } }`;
export const LOGIN = `mutation Login($input: LoginInput!) { login(input: $input) { ${PAYLOAD} } }`;
export const REFRESH = `mutation Refresh($token: String) { refreshToken(token: $token) { ${PAYLOAD} } }`;
export const CHANGE_PASSWORD = `mutation ChangePassword($input: ChangePasswordInput!) { changePassword(input: $input) { ${PAYLOAD} } }`;
export const SESSIONS = `query Sessions { sessions { id createdAt lastSeenAt expiresAt userAgent ip current } }`;
export const VIEWER = `query Viewer { viewer { id name email createdAt } }`;
export const LOGOUT = `mutation Logout { logout }`;
export const LOGOUT_SCOPE = `mutation LogoutScope($scope: LogoutScope) { logout(scope: $scope) }`;

export interface AuthPayload {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  user: { id: string; name: string; email: string; createdAt: string };
}
export const REQUEST_PASSWORD_RESET = `mutation RequestPasswordReset($email: String!) { requestPasswordReset(email: $email) }`;
export const RESET_PASSWORD = `mutation ResetPassword($input: ResetPasswordInput!) { resetPassword(input: $input) }`;
export const REQUEST_EMAIL_VERIFICATION = `mutation RequestEmailVerification { requestEmailVerification }`;
export const VERIFY_EMAIL = `mutation VerifyEmail($token: String!) { verifyEmail(token: $token) }`;
export const VIEWER_VERIFIED = `query ViewerVerified { viewer { id email emailVerified } }`;
