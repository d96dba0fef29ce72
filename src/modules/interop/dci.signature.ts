/**
 * DCI message signatures (SPDCI `MsgSignature`): the `signature` of an envelope signs its `header` and `message`
 * with the sender's Ed25519 key, in the HTTP-signature style the standard gives as its example:
 *
 *   Signature: namespace="spdci", kidId="{sender_id}|{key_id}|ed25519", algorithm="ed25519",
 *     created="1606970629", expires="1607030629", headers="(created) (expires) digest", signature="<base64>"
 *
 * What is signed, byte for byte (the standard leaves the body's serialisation open; Tepat fixes it so any language
 * can reproduce it): the three lines
 *
 *   (created): <created>\n(expires): <expires>\ndigest: BLAKE-512=<base64 BLAKE2b-512 of the body>
 *
 * where the body is the RFC 8785 canonical JSON (JCS) of `{"header": …, "message": …}` as sent.
 *
 * Clients register public keys (`api_client_key`); a client with an active key must sign every DCI request, and
 * Tepat signs every DCI answer and callback with its own key, published at `/api/interop/.well-known/jwks.json`.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign as edSign,
  verify as edVerify,
  type KeyObject,
} from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import canonicalize from 'canonicalize';

export type SignatureErrorCode = 'err.signature.missing' | 'err.signature.invalid';

/** Why a request's signature was refused, with the DCI error code it answers with. */
export class SignatureError extends Error {
  constructor(
    readonly code: SignatureErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** How far a `created` may lie in the future (clock skew between the client and Tepat), in seconds. */
const clockSkewSeconds = 300;
/** The longest validity (`expires − created`) a request signature may claim, in seconds. */
const maxValiditySeconds = 3_600;
/** The validity of the signatures Tepat puts on its answers and callbacks, in seconds. */
const answerValiditySeconds = 600;

/** The signed part of an envelope. */
export interface SignedParts {
  header: unknown;
  message: unknown;
}

/** `BLAKE-512=<base64>` of the canonical JSON of `{header, message}`. */
export function bodyDigest(parts: SignedParts): string {
  const body = canonicalize({ header: parts.header, message: parts.message }) ?? '';
  return `BLAKE-512=${createHash('blake2b512').update(body).digest('base64')}`;
}

/** The bytes a signature covers, in the order of its `headers` parameter. */
export function signingString(created: number, expires: number, parts: SignedParts): string {
  return `(created): ${created}\n(expires): ${expires}\ndigest: ${bodyDigest(parts)}`;
}

/** The parameters of a signature string, unquoted; `Signature:` in front is allowed. */
export function parseSignature(text: string): Record<string, string> {
  const params: Record<string, string> = {};
  const body = text.trim().replace(/^Signature:\s*/i, '');
  const pattern = /\s*([A-Za-z]+)\s*=\s*"([^"]*)"\s*(?:,|$)/gy;
  let match: RegExpExecArray | null;
  let end = 0;
  while ((match = pattern.exec(body)) !== null) {
    params[match[1]!] = match[2]!;
    end = pattern.lastIndex;
  }
  if (end < body.length || Object.keys(params).length === 0)
    throw new SignatureError(
      'err.signature.invalid',
      'The signature is not a list of name="value" parameters.',
    );
  return params;
}

const invalid = (message: string) => new SignatureError('err.signature.invalid', message);

/** A client's verification key as stored: its id and public key. */
export interface ClientKey {
  keyId: string;
  publicKey: KeyObject;
}

/**
 * Checks a request's signature against the keys of the client that sent it; throws a SignatureError saying what is
 * wrong. `senderId` is the request header's `sender_id`, which the key id must name.
 */
export function verifyRequestSignature(
  signature: string | undefined,
  parts: SignedParts & { header: { sender_id?: string } },
  keys: readonly ClientKey[],
  nowSeconds = Math.floor(Date.now() / 1000),
): void {
  if (!signature) {
    if (keys.length === 0) return;
    throw new SignatureError(
      'err.signature.missing',
      'This client has a registered signing key: sign the request (envelope `signature`).',
    );
  }
  const p = parseSignature(signature);
  if (p.algorithm !== undefined && p.algorithm.toLowerCase() !== 'ed25519')
    throw invalid(`Unsupported algorithm ${p.algorithm}: use ed25519.`);
  if (p.headers !== undefined && p.headers.trim().split(/\s+/).join(' ') !== '(created) (expires) digest')
    throw invalid('headers must be "(created) (expires) digest".');
  const kid = (p.kidId ?? p.keyId ?? '').split('|');
  if (kid.length !== 3 || kid[2]!.toLowerCase() !== 'ed25519')
    throw invalid('kidId must be "{sender_id}|{key_id}|ed25519".');
  const [senderId, keyId] = kid as [string, string];
  if (senderId !== parts.header.sender_id)
    throw invalid(`kidId names sender ${senderId}, the header ${parts.header.sender_id ?? 'none'}.`);
  const key = keys.find((k) => k.keyId === keyId);
  if (!key) throw invalid(`No active signing key ${keyId} is registered for this client.`);
  const created = Number(p.created);
  const expires = Number(p.expires);
  if (!Number.isInteger(created) || !Number.isInteger(expires))
    throw invalid('created and expires must be Unix times in seconds.');
  if (created > nowSeconds + clockSkewSeconds) throw invalid('The signature is created in the future.');
  if (expires <= nowSeconds) throw invalid('The signature has expired.');
  if (expires <= created || expires - created > maxValiditySeconds)
    throw invalid(`A signature may be valid for at most ${maxValiditySeconds} seconds.`);
  const bytes = Buffer.from(p.signature ?? '', 'base64');
  if (bytes.length !== 64) throw invalid('The signature value is not a base64 Ed25519 signature.');
  if (!edVerify(null, Buffer.from(signingString(created, expires, parts)), key.publicKey, bytes))
    throw invalid('The signature does not match the header and message.');
}

/** Reads an Ed25519 public key given as PEM (SPKI) or as base64 of its 32 raw bytes; throws when it is not one. */
export function parsePublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  try {
    key = trimmed.startsWith('-----BEGIN')
      ? createPublicKey(trimmed)
      : createPublicKey({
          key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(trimmed, 'base64').toString('base64url') },
          format: 'jwk',
        });
  } catch {
    throw new Error('Not a public key: give an Ed25519 key as PEM or as base64 of its 32 bytes.');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('Only Ed25519 keys are accepted.');
  return key;
}

/** The registry's own key: signs its DCI answers and callbacks, and is published as a JWK set. */
export class RegistrySigner {
  readonly keyId: string;
  private readonly publicKey: KeyObject;

  constructor(
    private readonly privateKey: KeyObject,
    private readonly senderId: string,
  ) {
    this.publicKey = createPublicKey(privateKey);
    // RFC 7638 thumbprint: the key names itself, so a new key gets a new id without configuration.
    const { crv, kty, x } = this.publicKey.export({ format: 'jwk' });
    this.keyId = createHash('sha256').update(JSON.stringify({ crv, kty, x })).digest('base64url');
  }

  /** The envelope with its `signature`, valid from now for ten minutes. */
  sign<T extends SignedParts>(
    envelope: T,
    nowSeconds = Math.floor(Date.now() / 1000),
  ): T & { signature: string } {
    const created = nowSeconds;
    const expires = created + answerValiditySeconds;
    const value = edSign(null, Buffer.from(signingString(created, expires, envelope)), this.privateKey);
    const signature =
      `namespace="spdci", kidId="${this.senderId}|${this.keyId}|ed25519", algorithm="ed25519", ` +
      `created="${created}", expires="${expires}", headers="(created) (expires) digest", ` +
      `signature="${value.toString('base64')}"`;
    return { signature, header: envelope.header, message: envelope.message } as T & { signature: string };
  }

  /** The JWK set (RFC 7517) holding the public key, for clients to verify Tepat's answers. */
  jwks() {
    const { x } = this.publicKey.export({ format: 'jwk' });
    return {
      keys: [
        {
          kty: 'OKP' as const,
          crv: 'Ed25519' as const,
          x: x!,
          kid: this.keyId,
          alg: 'EdDSA' as const,
          use: 'sig' as const,
        },
      ],
    };
  }
}

/**
 * The registry's private key, from `file` (PKCS#8 PEM). Like an SSH host key, it is made on first start when the
 * file does not exist (readable by the owner only), so answers keep one key across restarts.
 */
export function loadSigningKey(file: string): KeyObject {
  try {
    return createPrivateKey(readFileSync(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  mkdirSync(path.dirname(file), { recursive: true });
  // Written whole under a private name, then linked into place: a process starting at the same moment either
  // links first or reads the complete file of the one that did.
  const draft = `${file}.${process.pid}.draft`;
  writeFileSync(draft, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  try {
    linkSync(draft, file);
    return privateKey;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return createPrivateKey(readFileSync(file));
    throw error;
  } finally {
    unlinkSync(draft);
  }
}
