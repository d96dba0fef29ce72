import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import {
  bodyDigest,
  loadSigningKey,
  parsePublicKey,
  parseSignature,
  RegistrySigner,
  SignatureError,
  verifyRequestSignature,
  type ClientKey,
  type SignedParts,
} from './dci.signature.ts';

const now = 1_790_000_000;
const envelope = () => ({
  header: { sender_id: 'dinsos.spmis', action: 'search', message_id: 'm-1', total_count: 1 },
  message: { transaction_id: 'txn-1', search_request: [{ reference_id: 'r-1', query: { type: 'NIK' } }] },
});

/** A client's key pair, signing as `dinsos.spmis` with the key id the thumbprint gives. */
function clientSigner() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const signer = new RegistrySigner(privateKey, 'dinsos.spmis');
  const keys: ClientKey[] = [{ keyId: signer.keyId, publicKey }];
  return { signer, keys, privateKey };
}

/** The code of the SignatureError `run` throws, and its message. */
function refusal(run: () => void): [string, string] {
  try {
    run();
  } catch (error) {
    if (error instanceof SignatureError) return [error.code, error.message];
    throw error;
  }
  return ['accepted', ''];
}

describe('DCI message signatures', () => {
  it('digests the RFC 8785 canonical JSON of {header, message}: key order and spacing do not count', () => {
    const canonical = '{"header":{"a":"x","b":1},"message":{"z":[1,2.5,"é"]}}';
    const expected = `BLAKE-512=${createHash('blake2b512').update(canonical).digest('base64')}`;
    expect(bodyDigest({ header: { b: 1, a: 'x' }, message: { z: [1, 2.5, 'é'] } })).toBe(expected);
    expect(
      bodyDigest(
        JSON.parse('{ "message": {"z": [1, 2.50, "\\u00e9"]}, "header": {"a":"x", "b":1.0} }') as SignedParts,
      ),
    ).toBe(expected);
  });

  it('verifies what a client signed, also as JSON re-serialised in another key order', () => {
    const { signer, keys } = clientSigner();
    const signed = signer.sign(envelope(), now);
    expect(refusal(() => verifyRequestSignature(signed.signature, signed, keys, now + 30))).toEqual([
      'accepted',
      '',
    ]);
    const reordered = JSON.parse(
      JSON.stringify({ message: signed.message, header: { ...signed.header } }),
    ) as typeof signed;
    expect(refusal(() => verifyRequestSignature(signed.signature, reordered, keys, now))).toEqual([
      'accepted',
      '',
    ]);
  });

  it('signs the three lines the format names, so another implementation can check it by hand', () => {
    const { signer, privateKey } = clientSigner();
    const signed = signer.sign(envelope(), now);
    const params = parseSignature(signed.signature);
    expect(params).toMatchObject({
      namespace: 'spdci',
      kidId: `dinsos.spmis|${signer.keyId}|ed25519`,
      algorithm: 'ed25519',
      created: String(now),
      expires: String(now + 600),
      headers: '(created) (expires) digest',
    });
    const lines = `(created): ${now}\n(expires): ${now + 600}\ndigest: ${bodyDigest(envelope())}`;
    expect(params.signature).toBe(sign(null, Buffer.from(lines), privateKey).toString('base64'));
  });

  it('reads the standard’s example layout: a Signature: prefix and parameters over several lines', () => {
    const { signer, keys } = clientSigner();
    const params = parseSignature(signer.sign(envelope(), now).signature);
    const layout = `Signature:\n    namespace="spdci",\n    kidId="${params.kidId}",\n    algorithm="ed25519",\n    created="${params.created}",\n    expires="${params.expires}",\n    headers="(created) (expires) digest",\n    signature="${params.signature}"`;
    expect(refusal(() => verifyRequestSignature(layout, envelope(), keys, now))).toEqual(['accepted', '']);
  });

  it('refuses a changed message, a foreign key, a wrong sender and a bad layout', () => {
    const { signer, keys } = clientSigner();
    const signed = signer.sign(envelope(), now);
    const changed = { ...signed, message: { ...signed.message, transaction_id: 'txn-2' } };
    expect(refusal(() => verifyRequestSignature(signed.signature, changed, keys, now))).toEqual([
      'err.signature.invalid',
      'The signature does not match the header and message.',
    ]);
    const other = clientSigner();
    expect(refusal(() => verifyRequestSignature(signed.signature, signed, other.keys, now))[1]).toMatch(
      /No active signing key/,
    );
    // The same key registered under the signer's key id, but the bytes signed by another key.
    const forged = other.signer.sign(envelope(), now).signature.replace(other.signer.keyId, signer.keyId);
    expect(refusal(() => verifyRequestSignature(forged, signed, keys, now))[1]).toMatch(/does not match/);
    const elsewhere = { ...signed, header: { ...signed.header, sender_id: 'bpjs' } };
    expect(refusal(() => verifyRequestSignature(signed.signature, elsewhere, keys, now))[1]).toMatch(
      /kidId names sender dinsos.spmis, the header bpjs/,
    );
    expect(refusal(() => verifyRequestSignature('not a signature', signed, keys, now))[0]).toBe(
      'err.signature.invalid',
    );
    expect(
      refusal(() =>
        verifyRequestSignature(
          signed.signature.replace('algorithm="ed25519"', 'algorithm="rsa-sha256"'),
          signed,
          keys,
          now,
        ),
      )[1],
    ).toMatch(/Unsupported algorithm/);
  });

  it('refuses an expired signature, one from the future and one claiming too long a validity', () => {
    const { signer, keys } = clientSigner();
    const signed = signer.sign(envelope(), now);
    expect(refusal(() => verifyRequestSignature(signed.signature, signed, keys, now + 600))[1]).toMatch(
      /expired/,
    );
    expect(refusal(() => verifyRequestSignature(signed.signature, signed, keys, now - 301))[1]).toMatch(
      /future/,
    );
    const long = signed.signature.replace(`expires="${now + 600}"`, `expires="${now + 7200}"`);
    expect(refusal(() => verifyRequestSignature(long, signed, keys, now))[1]).toMatch(/at most 3600 seconds/);
  });

  it('asks a client with a key for a signature and lets one without a key go unsigned', () => {
    const { keys } = clientSigner();
    expect(refusal(() => verifyRequestSignature(undefined, envelope(), keys, now))[0]).toBe(
      'err.signature.missing',
    );
    expect(refusal(() => verifyRequestSignature(undefined, envelope(), [], now))).toEqual(['accepted', '']);
  });

  it('reads a public key as PEM or as base64 of its 32 bytes, and only Ed25519', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
    expect(parsePublicKey(pem).equals(publicKey)).toBe(true);
    expect(parsePublicKey(raw).equals(publicKey)).toBe(true);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({
      format: 'pem',
      type: 'spki',
    });
    expect(() => parsePublicKey(rsa.toString())).toThrow('Only Ed25519 keys are accepted.');
    expect(() => parsePublicKey('bm90IGEga2V5')).toThrow(/Not a public key/);
  });

  describe('the registry key file', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'tepat-dci-key-'));
    afterAll(() => rmSync(folder, { recursive: true, force: true }));

    it('sits in the data folder, or where TEPAT_DCI_SIGNING_KEY_FILE says; none with an in-memory database', () => {
      expect(loadConfig({ TEPAT_DATA_DIR: folder }).dciSigningKeyFile).toBe(
        path.join(folder, 'dci-signing-key.pem'),
      );
      const chosen = path.join(folder, 'keys', 'dci.pem');
      expect(
        loadConfig({ TEPAT_DATA_DIR: folder, TEPAT_DCI_SIGNING_KEY_FILE: chosen }).dciSigningKeyFile,
      ).toBe(chosen);
      expect(loadConfig({ TEPAT_DATA_DIR: 'memory://' }).dciSigningKeyFile).toBeUndefined();
    });

    it('is made on first start, readable by its owner only, and the same key after', () => {
      const file = path.join(folder, 'nested', 'dci-signing-key.pem');
      const first = loadSigningKey(file);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      const again = loadSigningKey(file);
      const jwk = (k: typeof first) => new RegistrySigner(k, 'tepat.jakarta').jwks().keys[0];
      expect(jwk(again)).toEqual(jwk(first));
      expect(jwk(first)).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    });
  });
});
