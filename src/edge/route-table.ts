import FindMyWay, { type HTTPMethod } from 'find-my-way';
import { MAX_PARAM_LENGTH } from '../common/problem/early-problems';

/**
 * The routes the app registered, kept to tell "no such path" (404) from "path exists, wrong method" (405,
 * RFC 9110 §15.5.6), which Fastify alone reports as 404. Fed from Fastify's `onRoute` hook.
 */
export class RouteTable {
  // Fastify's router settings (createFastifyAdapter), so both agree on which paths exist.
  private readonly router = FindMyWay({ maxParamLength: MAX_PARAM_LENGTH });
  private readonly methods = new Set<HTTPMethod>();

  add(method: string | string[], url: string): void {
    // Catch-all routes (CORS preflight, static assets) would make every path "exist".
    if (url.includes('*')) return;
    for (const one of Array.isArray(method) ? method : [method]) {
      const upper = one.toUpperCase() as HTTPMethod;
      if (this.router.hasRoute(upper, url)) continue;
      this.router.on(upper, url, () => undefined);
      this.methods.add(upper);
    }
  }

  /** Methods registered for `path` (empty when the path itself is unknown). */
  allowedMethods(path: string): string[] {
    return [...this.methods].filter((method) => this.router.find(method, path) !== null).sort();
  }
}
