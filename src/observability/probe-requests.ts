/** Probes and scrapes arrive every few seconds from machines: neither tracing backend wants a trace of each. */
export function isProbePath(url: string | undefined): boolean {
  const path = url?.split('?')[0] ?? '';
  return path.startsWith('/health/') || path === '/metrics';
}
