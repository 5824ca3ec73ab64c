import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { REQUEST_ID_HEADER } from '../common/context/request-id';
import { appConfig, type AppConfig } from '../config/app.config';
import { httpConfig, type HttpConfig } from '../config/http.config';
import { corsPluginOptions } from './cors-policy';
import { DEPRECATED_VERSIONS, deprecationHeaders, versionOf } from './deprecation';
import { apiSecurityHeaders, documentSecurityHeaders } from './security-headers';

/** Where Swagger UI and the OpenAPI document are served: HTML pages, with their own security headers. */
export const DOCS_PATH = '/docs';

/**
 * The edge's decisions, computed once from configuration and applied to every answer, whichever step sends it
 * (a route, a cache hit, an error, a 429): security headers (OWASP's list for JSON, helmet's for the HTML
 * pages), the request id, and the deprecation of a whole API version. The CORS policy is here for the CORS
 * plugin; the client address is Fastify's `request.ip` under TRUST_PROXY (`trustProxy` of the adapter).
 */
@Injectable()
export class EdgePolicy {
  readonly cors: ReturnType<typeof corsPluginOptions>;
  private readonly api: Readonly<Record<string, string>>;
  private readonly documents: Readonly<Record<string, string>>;
  private readonly deprecatedVersions: ReadonlyMap<string, Readonly<Record<string, string>>>;

  constructor(@Inject(appConfig.KEY) app: AppConfig, @Inject(httpConfig.KEY) http: HttpConfig) {
    this.api = apiSecurityHeaders(app.isProduction);
    this.documents = documentSecurityHeaders(app.isProduction);
    this.cors = corsPluginOptions(http.corsAllowedOrigins);
    this.deprecatedVersions = new Map(Object.entries(DEPRECATED_VERSIONS).map(([version, policy]) => [version, deprecationHeaders(policy)]));
  }

  /** Sets the headers every answer to `request` carries, before anything else can answer it. */
  applyTo(request: FastifyRequest, reply: FastifyReply): void {
    const url = request.url;
    reply.headers(url.startsWith(DOCS_PATH) ? this.documents : this.api);
    reply.header(REQUEST_ID_HEADER, request.id);
    if (this.deprecatedVersions.size) {
      const version = versionOf(url);
      const headers = version && this.deprecatedVersions.get(version);
      if (headers) reply.headers(headers);
    }
  }
}
