import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret, InvalidWebhookSecret, parseWebhookSecret } from './webhook-secret';

const secretOf = (bytes: number) => `whsec_${randomBytes(bytes).toString('base64')}`;

describe('generateWebhookSecret', () => {
  it('produces whsec_ followed by the base64 of 32 random bytes', () => {
    const secret = generateWebhookSecret();

    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(parseWebhookSecret(secret)).toHaveLength(32);
  });

  it('never repeats itself', () => {
    expect(new Set(Array.from({ length: 50 }, generateWebhookSecret)).size).toBe(50);
  });

  it('is accepted by the Standard Webhooks reference verifier', () => {
    expect(() => new Webhook(generateWebhookSecret())).not.toThrow();
  });
});

describe('parseWebhookSecret', () => {
  it('returns the decoded key', () => {
    const key = randomBytes(40);

    expect(parseWebhookSecret(`whsec_${key.toString('base64')}`).equals(key)).toBe(true);
  });

  it.each([24, 64])('accepts a %i-byte key, the bounds of the standard', (bytes) => {
    expect(parseWebhookSecret(secretOf(bytes))).toHaveLength(bytes);
  });

  it.each([
    ['no prefix', randomBytes(32).toString('base64')],
    ['another prefix', `whsk_${randomBytes(32).toString('base64')}`],
    ['an empty key', 'whsec_'],
    ['a key of 23 bytes', secretOf(23)],
    ['a key of 65 bytes', secretOf(65)],
    ['base64url characters', `whsec_${'-_'.repeat(22)}AAAA`],
    ['a stray character', `whsec_${randomBytes(32).toString('base64').replace(/^./, '!')}`],
    ['missing padding', `whsec_${randomBytes(32).toString('base64').replace(/=+$/, '')}`],
    ['surrounding whitespace', ` ${secretOf(32)}\n`],
  ])('refuses %s', (_case, secret) => {
    expect(() => parseWebhookSecret(secret)).toThrow(InvalidWebhookSecret);
  });

  it('keeps the secret out of the error message', () => {
    const secret = secretOf(16);

    expect(() => parseWebhookSecret(secret)).toThrow(expect.objectContaining({ message: expect.not.stringContaining(secret.slice(6, 20)) }));
  });
});
