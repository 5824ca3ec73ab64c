import { describeDeliveryFailure } from './delivery-failure';
import { TargetUrlRefused } from './target-url';

const withCode = (code: string) => Object.assign(new Error(`${code}: something internal at 10.1.2.3`), { code });

describe('describeDeliveryFailure', () => {
  it.each([
    [new TargetUrlRefused('private-address', 'target host resolves to 10.0.0.1'), 'refused target: private-address'],
    [withCode('ECONNREFUSED'), 'connection refused'],
    [withCode('ECONNRESET'), 'connection reset'],
    [withCode('EHOSTUNREACH'), 'host unreachable'],
    [withCode('DEPTH_ZERO_SELF_SIGNED_CERT'), 'tls error (DEPTH_ZERO_SELF_SIGNED_CERT)'],
    [withCode('ERR_TLS_CERT_ALTNAME_INVALID'), 'tls error (ERR_TLS_CERT_ALTNAME_INVALID)'],
    [withCode('HPE_INVALID_CONSTANT'), 'invalid http response'],
    [withCode('EAI_AGAIN'), 'network error (EAI_AGAIN)'],
    [new Error('no code at all'), 'network error'],
    ['a thrown string', 'network error'],
  ])('describes %p as %p', (error, description) => {
    expect(describeDeliveryFailure(error)).toBe(description);
  });
});
