import { gql, type TypedDocumentNode } from '@apollo/client';
import type { SignedInPayload, Viewer } from '../session/viewer';

const PAYLOAD = gql`
  fragment Payload on AuthPayload {
    accessTokenExpiresAt
    user {
      id
      name
      email
      emailVerified
      createdAt
      twoFactorEnabled
    }
  }
`;

export const SIGNUP: TypedDocumentNode<
  { signup: SignedInPayload },
  { input: { name: string; email: string; password: string } }
> = gql`
  mutation Signup($input: SignupInput!) {
    signup(input: $input) {
      ...Payload
    }
  }
  ${PAYLOAD}
`;

export const LOGIN: TypedDocumentNode<{ login: SignedInPayload }, { input: { email: string; password: string } }> = gql`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      ...Payload
    }
  }
  ${PAYLOAD}
`;

export const LOGOUT: TypedDocumentNode<{ logout: boolean }, { scope: 'CURRENT' | 'OTHERS' | 'ALL' }> = gql`
  mutation Logout($scope: LogoutScope!) {
    logout(scope: $scope)
  }
`;

export interface SessionRow {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  userAgent: string | null;
  ip: string | null;
  current: boolean;
}

export const SESSIONS: TypedDocumentNode<{ sessions: SessionRow[] }> = gql`
  query Sessions {
    sessions {
      id
      createdAt
      lastSeenAt
      userAgent
      ip
      current
    }
  }
`;

export const REVOKE_SESSION: TypedDocumentNode<{ revokeSession: boolean }, { id: string }> = gql`
  mutation RevokeSession($id: ID!) {
    revokeSession(id: $id)
  }
`;

export interface SecurityEvent {
  id: string;
  type: string;
  occurredAt: string;
  ip: string | null;
  userAgent: string | null;
  detail: string | null;
}

export const SECURITY_EVENTS: TypedDocumentNode<
  {
    securityEvents: {
      edges: { cursor: string; node: SecurityEvent }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  },
  { first: number; after?: string | null }
> = gql`
  query SecurityEvents($first: Int!, $after: String) {
    securityEvents(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          type
          occurredAt
          ip
          userAgent
          detail
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export const UPDATE_PROFILE: TypedDocumentNode<{ updateProfile: Viewer }, { input: { name: string } }> = gql`
  mutation UpdateProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      id
      name
      email
      emailVerified
      createdAt
      twoFactorEnabled
    }
  }
`;

export const CHANGE_PASSWORD: TypedDocumentNode<
  { changePassword: SignedInPayload },
  { input: { currentPassword: string; newPassword: string } }
> = gql`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      ...Payload
    }
  }
  ${PAYLOAD}
`;

export const DELETE_ACCOUNT: TypedDocumentNode<{ deleteAccount: boolean }, { password: string }> = gql`
  mutation DeleteAccount($password: String!) {
    deleteAccount(password: $password)
  }
`;

export const REQUEST_PASSWORD_RESET: TypedDocumentNode<{ requestPasswordReset: boolean }, { email: string }> = gql`
  mutation RequestPasswordReset($email: String!) {
    requestPasswordReset(email: $email)
  }
`;

export const RESET_PASSWORD: TypedDocumentNode<
  { resetPassword: boolean },
  { input: { token: string; newPassword: string } }
> = gql`
  mutation ResetPassword($input: ResetPasswordInput!) {
    resetPassword(input: $input)
  }
`;

export const REQUEST_EMAIL_VERIFICATION: TypedDocumentNode<{ requestEmailVerification: boolean }> = gql`
  mutation RequestEmailVerification {
    requestEmailVerification
  }
`;

export const VERIFY_EMAIL: TypedDocumentNode<{ verifyEmail: boolean }, { token: string }> = gql`
  mutation VerifyEmail($token: String!) {
    verifyEmail(token: $token)
  }
`;

export const VERIFY_TWO_FACTOR: TypedDocumentNode<
  { verifyTwoFactor: SignedInPayload },
  { challenge: string; code: string }
> = gql`
  mutation VerifyTwoFactor($challenge: String!, $code: String!) {
    verifyTwoFactor(challenge: $challenge, code: $code) {
      ...Payload
    }
  }
  ${PAYLOAD}
`;

export const REAUTHENTICATE: TypedDocumentNode<{ reauthenticate: string }, { password: string; code?: string }> = gql`
  mutation Reauthenticate($password: String!, $code: String) {
    reauthenticate(password: $password, code: $code)
  }
`;

export const START_TWO_FACTOR_SETUP: TypedDocumentNode<{
  startTwoFactorSetup: { secret: string; otpauthUrl: string; qrCodeSvg: string };
}> = gql`
  mutation StartTwoFactorSetup {
    startTwoFactorSetup {
      secret
      otpauthUrl
      qrCodeSvg
    }
  }
`;

export const CONFIRM_TWO_FACTOR_SETUP: TypedDocumentNode<
  { confirmTwoFactorSetup: { codes: string[] } },
  { code: string }
> = gql`
  mutation ConfirmTwoFactorSetup($code: String!) {
    confirmTwoFactorSetup(code: $code) {
      codes
    }
  }
`;

export const REGENERATE_RECOVERY_CODES: TypedDocumentNode<
  { regenerateRecoveryCodes: { codes: string[] } },
  { code: string }
> = gql`
  mutation RegenerateRecoveryCodes($code: String!) {
    regenerateRecoveryCodes(code: $code) {
      codes
    }
  }
`;

export const DISABLE_TWO_FACTOR: TypedDocumentNode<{ disableTwoFactor: boolean }, { code: string }> = gql`
  mutation DisableTwoFactor($code: String!) {
    disableTwoFactor(code: $code)
  }
`;

export interface PasskeyRow {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  backedUp: boolean;
}

/** A WebAuthn ceremony's start: the challenge to send back, and the options for @simplewebauthn/browser. */
export interface PasskeyChallenge {
  challenge: string;
  options: Record<string, unknown>;
}

export const PASSKEYS: TypedDocumentNode<{ passkeys: PasskeyRow[] }> = gql`
  query Passkeys {
    passkeys {
      id
      name
      createdAt
      lastUsedAt
      backedUp
    }
  }
`;

export const START_PASSKEY_REGISTRATION: TypedDocumentNode<{ startPasskeyRegistration: PasskeyChallenge }> = gql`
  mutation StartPasskeyRegistration {
    startPasskeyRegistration {
      challenge
      options
    }
  }
`;

export const FINISH_PASSKEY_REGISTRATION: TypedDocumentNode<
  { finishPasskeyRegistration: PasskeyRow },
  { challenge: string; response: object }
> = gql`
  mutation FinishPasskeyRegistration($challenge: String!, $response: JSONObject!) {
    finishPasskeyRegistration(challenge: $challenge, response: $response) {
      id
      name
      createdAt
      lastUsedAt
      backedUp
    }
  }
`;

export const RENAME_PASSKEY: TypedDocumentNode<{ renamePasskey: PasskeyRow }, { id: string; name: string }> = gql`
  mutation RenamePasskey($id: ID!, $name: String!) {
    renamePasskey(id: $id, name: $name) {
      id
      name
    }
  }
`;

export const REMOVE_PASSKEY: TypedDocumentNode<{ removePasskey: boolean }, { id: string }> = gql`
  mutation RemovePasskey($id: ID!) {
    removePasskey(id: $id)
  }
`;

export const START_PASSKEY_LOGIN: TypedDocumentNode<
  { startPasskeyLogin: PasskeyChallenge },
  { email?: string | null }
> = gql`
  mutation StartPasskeyLogin($email: String) {
    startPasskeyLogin(email: $email) {
      challenge
      options
    }
  }
`;

export const FINISH_PASSKEY_LOGIN: TypedDocumentNode<
  { finishPasskeyLogin: SignedInPayload },
  { challenge: string; response: object }
> = gql`
  mutation FinishPasskeyLogin($challenge: String!, $response: JSONObject!) {
    finishPasskeyLogin(challenge: $challenge, response: $response) {
      ...Payload
    }
  }
  ${PAYLOAD}
`;
