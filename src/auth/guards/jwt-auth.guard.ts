import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { ErrorCode } from '../../common/problem/error-code';
import { ProblemException } from '../../common/problem/problem.exception';
import { IS_PUBLIC } from '../decorators/public.decorator';

/**
 * Authentication, the first guard (see request-pipeline.ts). Every route needs a valid access token unless it is
 * `@Public()`. On a public route a valid token still signs the caller in (staff see their view), and an absent,
 * malformed or expired one makes an anonymous caller, never a 401: storefronts that send a stale token keep
 * reading the catalog, from the cache, under the anonymous limits.
 *
 * Only a token that was checked and found wanting is a 401. When checking it failed (the user and session could not
 * be read: the database is restarting, failing over, or saturated), the token may well be valid, and a 401 would
 * sign the client out: the error goes to the problem filter instead, which answers 503 with Retry-After (RFC 9110
 * §15.6.4). On a public route the caller is then served as anonymous, so storefronts keep reading the catalog from
 * the replicas and caches while the primary is away.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    if (this.isPublic(context) && context.switchToHttp().getRequest<FastifyRequest>().headers.authorization === undefined) return true;
    return super.canActivate(context);
  }

  /**
   * `error` is what `JwtStrategy.validate` threw; passport-jwt reports a bad signature, an expired token or a
   * refused key as `info` with no error, and a revoked session or disabled user as `user === false`.
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
