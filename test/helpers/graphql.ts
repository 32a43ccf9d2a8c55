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

export const SIGNUP = `mutation Signup($input: SignupInput!) {
  signup(input: $input) { accessToken accessTokenExpiresAt user { id name email createdAt } }
}`;
export const LOGIN = `mutation Login($input: LoginInput!) {
  login(input: $input) { accessToken accessTokenExpiresAt user { id name email createdAt } }
}`;
export const VIEWER = `query Viewer { viewer { id name email createdAt } }`;
export const LOGOUT = `mutation Logout { logout }`;

export interface AuthPayload {
  accessToken: string;
  accessTokenExpiresAt: string;
  user: { id: string; name: string; email: string; createdAt: string };
}
