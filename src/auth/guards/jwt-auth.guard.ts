import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { ApiKeyAuthenticator } from '../../api-keys/api-key-authenticator';
import { isApiKeyToken } from '../../api-keys/api-key-secret';
import { ErrorCode } from '../../common/problem/error-code';
import { ProblemException } from '../../common/problem/problem.exception';
import { IS_PUBLIC } from '../decorators/public.decorator';

/** The credentials of `Authorization: Bearer <credentials>` (RFC 6750 §2.1: the scheme is case-insensitive). */
function bearerCredentials(authorization: string | undefined): string | undefined {
  const match = /^bearer +(\S+) *$/i.exec(authorization ?? '');
  return match?.[1];
}

/**
 * Authentication, the first guard (see request-pipeline.ts). Every route needs a valid access token or API key unless
 * it is `@Public()`. On a public route a valid one still signs the caller in (staff see their view), and an absent,
 * malformed or expired one makes an anonymous caller, never a 401: storefronts that send a stale token keep
 * reading the catalog, from the cache, under the anonymous limits.
 *
 * A bearer credential that starts like an API key (`ck_`) is checked as one, by {@link ApiKeyAuthenticator}, and
 * never as a JWT; anything else goes to passport-jwt. Both answer alike: a principal on `request.user`, or a 401 of
 * the same shape.
 *
 * Only a credential that was checked and found wanting is a 401. When checking it failed (the user, session or key
 * could not be read: the database is restarting, failing over, or saturated), the credential may well be valid, and
 * a 401 would sign the client out: the error goes to the problem filter instead, which answers 503 with Retry-After
 * (RFC 9110 §15.6.4). On a public route the caller is then served as anonymous, so storefronts keep reading the
 * catalog from the replicas and caches while the primary is away.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyAuthenticator,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: unknown }>();
    if (this.isPublic(context) && request.headers.authorization === undefined) return true;
    const credentials = bearerCredentials(request.headers.authorization);
    if (credentials && isApiKeyToken(credentials)) {
      const outcome = await this.apiKeys.authenticate(credentials).then(
        (principal) => ({ principal, error: undefined }),
        (error: unknown) => ({ principal: false as const, error }),
      );
      request.user = this.handleRequest(outcome.error, outcome.principal, undefined, context);
      return true;
    }
    return super.canActivate(context) as Promise<boolean>;
  }

  /**
   * `error` is what `JwtStrategy.validate` or the key lookup threw; passport-jwt reports a bad signature, an expired
   * token or a refused key as `info` with no error, and a revoked session, disabled user or unusable API key is
   * `user === false`.
   */
  override handleRequest<TUser>(error: unknown, user: TUser | false, _info: unknown, context: ExecutionContext): TUser {
    if (!error && user) return user;
    if (this.isPublic(context)) return undefined as TUser;
    if (error) throw error;
    // RFC 6750 §3: tell the client which scheme to use.
    throw new ProblemException(401, ErrorCode.Unauthorized, {
      detail: 'A valid access token is required',
      headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
    });
  }

  private isPublic(context: ExecutionContext): boolean {
    return this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]) === true;
  }
}
