import { createHash, generateKeyPairSync } from 'node:crypto';
import type { PreviousKeys } from '../config/auth.config';
import { accessKeyId, AccessTokenKeys, keyIdInHeader } from './access-token-keys';

const CURRENT = 'current-secret-'.padEnd(40, 'c');
const PREVIOUS = 'previous-secret-'.padEnd(40, 'p');
const UNTIL = Date.parse('2030-01-01T00:00:00Z');
const header = (value: object) => `${Buffer.from(JSON.stringify(value)).toString('base64url')}.e30.c2ln`;

describe('accessKeyId', () => {
  it('is base64url of the first 12 bytes of SHA-256 over an HS256 secret', () => {
    const expected = createHash('sha256').update(CURRENT).digest().subarray(0, 12).toString('base64url');
    expect(accessKeyId('HS256', CURRENT)).toBe(expected);
    expect(expected).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(accessKeyId('HS256', PREVIOUS)).not.toBe(expected);
  });

  it('hashes the DER SubjectPublicKeyInfo of a public key, whatever its PEM spelling or origin', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const kid = accessKeyId('ES256', pem);
    expect(kid).toBe(createHash('sha256').update(spki).digest().subarray(0, 12).toString('base64url'));
    expect(accessKeyId('ES256', pem.replace(/\n/g, '\r\n'))).toBe(kid);
    // A PEM private key yields its public half's id, so a signer and a verifier always agree.
    expect(accessKeyId('ES256', privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())).toBe(kid);
    const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(accessKeyId('ES256', other)).not.toBe(kid);
  });
});

describe('keyIdInHeader', () => {
  it('reads a string kid, tells an absent one from an unreadable header', () => {
    expect(keyIdInHeader(header({ alg: 'HS256', kid: 'abc' }))).toBe('abc');
    expect(keyIdInHeader(header({ alg: 'HS256' }))).toBeUndefined();
    expect(keyIdInHeader(header({ alg: 'HS256', kid: 42 }))).toBeNull();
    expect(keyIdInHeader(header(['not', 'an', 'object']))).toBeNull();
    expect(keyIdInHeader('bm90IGpzb24.e30.c2ln')).toBeNull();
    expect(keyIdInHeader('')).toBeNull();
  });
});

describe(AccessTokenKeys.name, () => {
  let now: number;
  const previousKeys: PreviousKeys = { until: new Date(UNTIL), accessVerifyKey: PREVIOUS };
  const build = (previous: PreviousKeys | undefined = previousKeys) =>
    new AccessTokenKeys({ algorithm: 'HS256', accessVerifyKey: CURRENT, previousKeys: previous }, () => now);
  const tokenWithKid = (kid?: string) => header({ alg: 'HS256', typ: 'at+jwt', ...(kid === undefined ? {} : { kid }) });

  beforeEach(() => {
    now = UNTIL - 1;
  });

  it('chooses the current key for its kid and for tokens issued before key ids existed', () => {
    const sut = build();
    expect(sut.currentKeyId).toBe(accessKeyId('HS256', CURRENT));
    expect(sut.verifyKeyFor(tokenWithKid(sut.currentKeyId))).toBe(CURRENT);
    expect(sut.verifyKeyFor(tokenWithKid())).toBe(CURRENT);
  });

  it('chooses the previous key by its kid until the instant, and nothing from the instant on, without being rebuilt', () => {
    const sut = build();
    const previousToken = tokenWithKid(accessKeyId('HS256', PREVIOUS));
    expect(sut.verifyKeyFor(previousToken)).toBe(PREVIOUS);
    now = UNTIL;
    expect(sut.verifyKeyFor(previousToken)).toBeUndefined();
    expect(sut.verifyKeyFor(tokenWithKid(sut.currentKeyId))).toBe(CURRENT);
  });

  it('chooses nothing for an unknown kid, a malformed header, or a previous kid when no previous key is configured', () => {
    const sut = build();
    expect(sut.verifyKeyFor(tokenWithKid(accessKeyId('HS256', 'some-other-secret'.padEnd(40, 'x'))))).toBeUndefined();
    expect(sut.verifyKeyFor(header({ alg: 'HS256', kid: ['array'] }))).toBeUndefined();
    expect(sut.verifyKeyFor('garbage')).toBeUndefined();
    expect(build({ until: new Date(UNTIL) }).verifyKeyFor(tokenWithKid(accessKeyId('HS256', PREVIOUS)))).toBeUndefined();
  });
});
