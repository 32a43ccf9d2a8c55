import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';

/*
 * A software WebAuthn authenticator on node:crypto: ES256 (P-256) keys, "none" attestation, a
 * signature counter, and the client's part (clientDataJSON with the origin). It answers the options
 * the API hands out as a browser with a platform authenticator would, and can be told to lie: another
 * origin, another RP ID, no user verification, a counter of its choosing.
 */

type Cbor = number | string | Uint8Array | Cbor[] | Map<number | string, Cbor>;

/** The few CBOR shapes WebAuthn needs (RFC 8949): integers, byte and text strings, arrays, maps. */
function cbor(value: Cbor): Buffer {
  const head = (major: number, n: number): Buffer => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
    if (n < 0x10000) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
    const b = Buffer.alloc(5);
    b[0] = (major << 5) | 26;
    b.writeUInt32BE(n, 1);
    return b;
  };
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') return Buffer.concat([head(3, Buffer.byteLength(value)), Buffer.from(value)]);
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(cbor)]);
  return Buffer.concat([head(5, value.size), ...[...value].flatMap(([k, v]) => [cbor(k), cbor(v)])]);
}

const b64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

export interface Credential {
  id: Buffer;
  privateKey: KeyObject;
  publicKey: KeyObject;
  userHandle: string;
  rpId: string;
  counter: number;
}

/** What a response may lie about, for the tests of refusals. */
export interface Tampering {
  origin?: string;
  rpId?: string;
  userVerified?: boolean;
  /** The counter to report (the authenticator's own counter moves on by one otherwise). */
  counter?: number;
  /** Sign with this credential instead of the one the browser would choose. */
  credential?: Credential;
}

interface CreationOptions {
  challenge: string;
  rp: { id?: string; name: string };
  user: { id: string; name: string; displayName: string };
  excludeCredentials?: { id: string }[];
  authenticatorSelection?: { residentKey?: string; userVerification?: string };
}

interface RequestOptions {
  challenge: string;
  rpId?: string;
  allowCredentials?: { id: string }[];
  userVerification?: string;
}

export class SoftwareAuthenticator {
  /** Resident (discoverable) credentials, newest last. */
  readonly credentials: Credential[] = [];
  // The AAGUID of this "model": all zeros, as authenticators that do not say what they are send.
  private readonly aaguid = Buffer.alloc(16);

  constructor(private readonly origin: string) {}

  /** navigator.credentials.create(): a new key pair for the RP and user of `options`. */
  create(options: CreationOptions, tampering: Tampering = {}) {
    const rpId = options.rp.id!;
    const excluded = new Set((options.excludeCredentials ?? []).map((c) => c.id));
    if (this.credentials.some((c) => c.rpId === rpId && excluded.has(b64url(c.id)))) {
      throw new Error('InvalidStateError: this authenticator already holds a credential for this account');
    }
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const credential: Credential = {
      id: randomBytes(16),
      privateKey,
      publicKey,
      userHandle: options.user.id,
      rpId,
      counter: 0,
    };
    const coseKey = new Map<number, Cbor>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credential.id.length);
    const authData = Buffer.concat([
      this.authDataHead(tampering.rpId ?? rpId, tampering.userVerified ?? true, tampering.counter ?? 0, FLAG_AT),
      this.aaguid,
      idLength,
      credential.id,
      cbor(coseKey),
    ]);
    const attestationObject = cbor(
      new Map<string, Cbor>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    this.credentials.push(credential);
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON: this.clientData('webauthn.create', options.challenge, tampering.origin),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
    };
  }

  /** navigator.credentials.get(): an assertion by the newest credential for the RP (or `tampering.credential`). */
  get(options: RequestOptions, tampering: Tampering = {}) {
    const rpId = options.rpId!;
    const allowed = new Set((options.allowCredentials ?? []).map((c) => c.id));
    const credential =
      tampering.credential ??
      [...this.credentials].reverse().find((c) => c.rpId === rpId && (!allowed.size || allowed.has(b64url(c.id))));
    if (!credential) throw new Error('NotAllowedError: no credential for this site');
    credential.counter = tampering.counter ?? credential.counter + 1;
    const authData = this.authDataHead(tampering.rpId ?? rpId, tampering.userVerified ?? true, credential.counter);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, tampering.origin);
    const signature = sign('sha256', Buffer.concat([authData, sha256(Buffer.from(clientDataJSON, 'base64url'))]), {
      key: credential.privateKey,
      dsaEncoding: 'der',
    });
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON,
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        userHandle: credential.userHandle,
      },
    };
  }

  private authDataHead(rpId: string, userVerified: boolean, counter: number, extra = 0): Buffer {
    const flags = FLAG_UP | (userVerified ? FLAG_UV : 0) | extra;
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), count]);
  }

  private clientData(type: string, challenge: string, origin = this.origin): string {
    return b64url(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }
}
