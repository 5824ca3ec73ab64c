import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ErrorCode } from '../../common/problem/error-code';
import { ProblemException } from '../../common/problem/problem.exception';
import { IS_PUBLIC } from '../decorators/public.decorator';

/** Global: every route needs a valid access token unless it is `@Public()`. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    return super.canActivate(context);
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    if (error || !user) {
      // RFC 6750 §3: tell the client which scheme to use.
      throw new ProblemException(401, ErrorCode.Unauthorized, {
        detail: 'A valid access token is required',
        headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
      });
    }
    return user;
  }
}
