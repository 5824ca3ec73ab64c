import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { generateWebhookSecret } from './webhook-secret';
import { signWebhook, WEBHOOK_USER_AGENT, webhookHeaders, type WebhookMessage } from './webhook-signature';

const nowSeconds = () => Math.floor(Date.now() / 1000);

function message(overrides: Partial<WebhookMessage> = {}): WebhookMessage {
  return {
    id: 'msg_2mZ8xq4TQn3v',
    timestamp: nowSeconds(),
    body: JSON.stringify({ type: 'product.updated', data: { id: 'p_1', name: 'Café crème ✓' } }),
    ...overrides,
  };
}

describe('signWebhook', () => {
  it('matches the example signature published with the Standard Webhooks specification', () => {
    const signature = signWebhook({ id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: 1614265330, body: '{"test": 2432232314}' }, [
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    ]);

    expect(signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('gives one v1 signature per active secret', () => {
    const signature = signWebhook(message(), [generateWebhookSecret(), generateWebhookSecret()]);

    expect(signature).toMatch(/^v1,[A-Za-z0-9+/]{43}= v1,[A-Za-z0-9+/]{43}=$/);
  });

  it.each([
    ['an empty id', { id: '' }],
    ['an id with a dot', { id: 'msg.1' }],
    ['an id with a space', { id: 'msg 1' }],
    ['a fractional timestamp', { timestamp: 1614265330.5 }],
    ['a timestamp beyond the safe integers', { timestamp: Number.MAX_SAFE_INTEGER + 2 }],
    ['a negative timestamp', { timestamp: -1 }],
  ])('refuses %s', (_case, overrides) => {
    expect(() => signWebhook(message(overrides), [generateWebhookSecret()])).toThrow(RangeError);
  });

  it('refuses to sign without a secret', () => {
    expect(() => signWebhook(message(), [])).toThrow(RangeError);
  });
});

describe('webhookHeaders, checked by the Standard Webhooks reference verifier', () => {
  it('carries the lower-case standard headers, JSON content type and our user agent', () => {
    const sent = message();

    const headers = webhookHeaders(sent, [generateWebhookSecret()]);

    expect(headers).toEqual({
      'webhook-id': sent.id,
      'webhook-timestamp': String(sent.timestamp),
      'webhook-signature': expect.stringMatching(/^v1,/),
      'content-type': 'application/json',
      'user-agent': WEBHOOK_USER_AGENT,
    });
  });

  it('is accepted with a single secret, and the verifier returns the payload', () => {
    const secret = generateWebhookSecret();
    const sent = message();

    expect(new Webhook(secret).verify(sent.body, webhookHeaders(sent, [secret]))).toEqual(JSON.parse(sent.body));
  });

  it('is accepted during a rotation by a receiver holding either secret alone', () => {
    const [previous, next] = [generateWebhookSecret(), generateWebhookSecret()];
    const sent = message();
    const headers = webhookHeaders(sent, [previous, next]);

    expect(() => new Webhook(previous).verify(sent.body, headers)).not.toThrow();
    expect(() => new Webhook(next).verify(sent.body, headers)).not.toThrow();
  });

  it('is refused when the body was tampered with', () => {
    const secret = generateWebhookSecret();
    const sent = message();
    const headers = webhookHeaders(sent, [secret]);

    expect(() => new Webhook(secret).verify(sent.body.replace('p_1', 'p_2'), headers)).toThrow(WebhookVerificationError);
  });

  it('is refused when the timestamp is older than the five-minute tolerance', () => {
    const secret = generateWebhookSecret();
    const sent = message({ timestamp: nowSeconds() - 6 * 60 });

    expect(() => new Webhook(secret).verify(sent.body, webhookHeaders(sent, [secret]))).toThrow('Message timestamp too old');
  });

  it('is refused when the timestamp header is moved to make an old delivery look fresh', () => {
    const secret = generateWebhookSecret();
    const sent = message({ timestamp: nowSeconds() - 6 * 60 });
    const headers = { ...webhookHeaders(sent, [secret]), 'webhook-timestamp': String(nowSeconds()) };

    expect(() => new Webhook(secret).verify(sent.body, headers)).toThrow(WebhookVerificationError);
  });

  it('is refused by a receiver holding a different secret', () => {
    const sent = message();

    expect(() => new Webhook(generateWebhookSecret()).verify(sent.body, webhookHeaders(sent, [generateWebhookSecret()]))).toThrow(WebhookVerificationError);
  });
});
