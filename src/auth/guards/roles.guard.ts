import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuditTrail } from '../../audit/audit-trail';
import { deniedCall, type RoutedRequest } from '../../audit/denied-call';
import { ErrorCode } from '../../common/problem/error-code';
import { ProblemException } from '../../common/problem/problem.exception';
import { roleSatisfies } from '../../users/role';
import type { AuthenticatedUser } from '../authenticated-user';
import { AUTH_POLICY, type AuthPolicy } from '../decorators/auth.decorator';
import { IS_PUBLIC } from '../decorators/public.decorator';

const forbidden = () => new ProblemException(403, ErrorCode.Forbidden, { detail: 'Your role does not allow this operation' });

function refusal(policy: AuthPolicy, user: AuthenticatedUser | undefined): ProblemException {
  if (user?.kind !== 'api-key') return forbidden();
  if (!policy.scopes?.length) return new ProblemException(403, ErrorCode.Forbidden, { detail: 'API keys cannot call this operation' });
  const scope = policy.scopes.join(' ');
  // RFC 6750 §3.1: the scope the key lacks, for the integration's owner to ask for.
  return new ProblemException(403, ErrorCode.InsufficientScope, {
    detail: `This operation needs an API key with scope ${policy.scopes.join(' or ')}`,
    headers: { 'www-authenticate': `Bearer error="insufficient_scope", scope="${scope}"` },
  });
}

/** Users pass on their role; API keys on their scopes only, so no role check ever lets a key in. */
function allows(policy: AuthPolicy, user: AuthenticatedUser): boolean {
  if (user.kind === 'api-key') return policy.scopes?.some((scope) => user.scopes.includes(scope)) ?? false;
  return !policy.roles?.length || policy.roles.some((role) => roleSatisfies(user.role, role));
}

/** Global, after the JWT guard: applies `@Auth({ roles, scopes })`, and refuses routes that declare no policy. */
@Injectable()
export class RolesGuard implements CanActivate {
  private readonly logger = new Logger(RolesGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditTrail,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const policy = this.reflector.getAllAndOverride<AuthPolicy | undefined>(AUTH_POLICY, targets);
    if (!policy) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} declares neither @Public nor @Auth: refused`);
      throw forbidden();
    }
    const request = context.switchToHttp().getRequest<RoutedRequest>();
    const user = request.user;
    if (user && allows(policy, user)) return true;
    // Someone signed in reached for a route above their role or scopes: worth a line in the audit trail.
    if (user) await this.audit.securityEvent(deniedCall(request));
    throw refusal(policy, user);
  }
}
