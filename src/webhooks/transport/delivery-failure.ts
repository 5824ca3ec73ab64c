import { TargetUrlRefused } from './target-url';

const SHORT_NETWORK_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'timeout',
};

const TLS_ERROR_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/;

/**
 * A short reason for a delivery that got no HTTP answer, fit for the delivery log the subscriber sees: a category,
 * never a stack or an internal message.
 */
export function describeDeliveryFailure(error: unknown): string {
  if (error instanceof TargetUrlRefused) return `refused target: ${error.reason}`;
  const code = errorCode(error);
  if (code === undefined) return 'network error';
  if (code in SHORT_NETWORK_ERRORS) return SHORT_NETWORK_ERRORS[code];
  if (TLS_ERROR_CODE.test(code)) return `tls error (${code})`;
  if (code.startsWith('HPE_')) return 'invalid http response';
  return `network error (${code})`;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
