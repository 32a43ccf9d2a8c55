import { gql, type TypedDocumentNode } from '@apollo/client';
import { PAYLOAD_FIELDS, type SignedInPayload } from '../session/viewer';

export interface SignInProvider {
  id: string;
  label: string;
  url: string;
}

export interface Identity {
  provider: string;
  email: string | null;
  linkedAt: string;
}

export const IDENTITIES: TypedDocumentNode<{ viewer: { id: string; identities: Identity[] } | null }> = gql`
  query Identities {
    viewer {
      id
      identities {
        provider
        email
        linkedAt
      }
    }
  }
`;

export const UNLINK_IDENTITY: TypedDocumentNode<{ unlinkIdentity: boolean }, { provider: string }> = gql`
  mutation UnlinkIdentity($provider: String!) {
    unlinkIdentity(provider: $provider)
  }
`;

export const VERIFY_PROVIDER_SIGN_IN: TypedDocumentNode<
  { verifyTwoFactor: SignedInPayload },
  { challenge: string; code: string }
> = gql(`
  mutation VerifyProviderSignIn($challenge: String!, $code: String!) {
    verifyTwoFactor(challenge: $challenge, code: $code) { ${PAYLOAD_FIELDS} }
  }
`);
