import { randomUUID } from 'node:crypto';
import type { App } from 'supertest/types';
import { type AuthPayload, gql, LOGIN, SIGNUP } from '../helpers/graphql';

export interface UserInput {
  name: string;
  email: string;
  password: string;
}

/** A new, unique person each call. */
export function userInput(overrides: Partial<UserInput> = {}): UserInput {
  const id = randomUUID().slice(0, 12);
  return { name: `Test ${id}`, email: `user-${id}@example.com`, password: `pw-${randomUUID()}`, ...overrides };
}

export async function signUp(server: App, input: UserInput = userInput()): Promise<AuthPayload & { input: UserInput }> {
  const res = await gql<{ signup: AuthPayload }>(server, SIGNUP, { input });
  if (!res.data?.signup) throw new Error(`signup failed: ${res.text}`);
  return { ...res.data.signup, input };
}

export async function logIn(server: App, email: string, password: string): Promise<AuthPayload> {
  const res = await gql<{ login: AuthPayload }>(server, LOGIN, { input: { email, password } });
  if (!res.data?.login) throw new Error(`login failed: ${res.text}`);
  return res.data.login;
}
