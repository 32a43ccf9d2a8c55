import { gql, type TypedDocumentNode } from '@apollo/client';

export interface Viewer {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
  createdAt: string;
  twoFactorEnabled: boolean;
}

/** What a sign-in (signup, login, refresh, password change) answers; the tokens stay in cookies. */
export interface SignedInPayload {
  accessTokenExpiresAt: string;
  user: Viewer;
}

export const VIEWER_FIELDS = 'id name email emailVerified createdAt twoFactorEnabled';
export const PAYLOAD_FIELDS = `accessTokenExpiresAt user { ${VIEWER_FIELDS} }`;

export const VIEWER: TypedDocumentNode<{ viewer: Viewer | null }> = gql`
  query Viewer {
    viewer {
      id
      name
      email
      emailVerified
      createdAt
      twoFactorEnabled
    }
  }
`;

export const REFRESH = `mutation RefreshToken { refreshToken { ${PAYLOAD_FIELDS} } }`;
