import { createHash } from 'node:crypto';
import { API_KEY_PREFIX, generateApiKey, hashApiKey, isApiKeyToken, isWellFormedApiKey } from './api-key-secret';

describe('API key secrets', () => {
  it('generates a recognisable, well-formed key of 256 random bits', () => {
    const sut = generateApiKey();
    expect(sut.secret).toMatch(/^ck_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(sut.secret.slice(API_KEY_PREFIX.length), 'base64url')).toHaveLength(32);
    expect(isApiKeyToken(sut.secret)).toBe(true);
    expect(isWellFormedApiKey(sut.secret)).toBe(true);
  });

  it('never generates the same key twice', () => {
    const secrets = new Set(Array.from({ length: 1_000 }, () => generateApiKey().secret));
    expect(secrets.size).toBe(1_000);
  });

  it('shows only the prefix and 8 characters, and stores the SHA-256 of the whole secret', () => {
    const sut = generateApiKey();
    expect(sut.prefix).toBe(sut.secret.slice(0, 11));
    expect(sut.hash.equals(createHash('sha256').update(sut.secret).digest())).toBe(true);
    expect(hashApiKey(sut.secret).equals(sut.hash)).toBe(true);
    expect(sut.hash.toString('hex')).not.toContain(sut.secret.slice(3));
  });

  it('tells a key from a JWT by its prefix alone', () => {
    expect(isApiKeyToken('eyJhbGciOiJIUzI1NiIsInR5cCI6ImF0K2p3dCJ9.eyJzdWIiOiIxIn0.c2ln')).toBe(false);
    expect(isApiKeyToken('ck_short')).toBe(true);
  });

  it.each([
    ['too short', `ck_${'a'.repeat(42)}`],
    ['too long', `ck_${'a'.repeat(44)}`],
    ['outside base64url', `ck_${'a'.repeat(42)}+`],
    ['with another prefix', `pk_${'a'.repeat(43)}`],
  ])('refuses a key %s as malformed', (_what, token) => {
    expect(isWellFormedApiKey(token)).toBe(false);
  });
});
