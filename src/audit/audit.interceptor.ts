import { type CallHandler, type ExecutionContext, HttpException, Injectable, Logger, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Observable, tap } from 'rxjs';
import { AUDITED_ACTION, type AuditScope, auditScopeStorage } from './audit-scope';
import { AuditTrail } from './audit-trail';
import { actorRole, deniedCall, type RoutedRequest } from './denied-call';

/** Runs an `@Audited` handler inside its audit scope; see {@link AuditTrail}. */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger(AuditInterceptor.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly trail: AuditTrail,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const action = this.reflector.get<string>(AUDITED_ACTION, context.getHandler());
    const request = context.switchToHttp().getRequest<RoutedRequest>();
    const scope: AuditScope = {
      action,
      resourceType: action.split('.')[0],
      actor: request.user && { id: request.user.id, role: actorRole(request.user) },
      recorded: 0,
    };
    return new Observable((subscriber) =>
      // next.handle() binds the handler to the async context it is called in: call it inside the scope.
      auditScopeStorage.run(scope, () =>
        next
          .handle()
          .pipe(
            tap({
              complete: () => {
                if (!scope.recorded) this.logger.error({ event: 'audit.nothing_recorded', action }, `${action} completed without an audit row`);
              },
              error: (error: unknown) => {
                // A refusal by the service itself (e.g. staff accounts are superadmin business) is a denied call too.
                if (error instanceof HttpException && error.getStatus() === 403) void this.trail.securityEvent(deniedCall(request));
              },
            }),
          )
          .subscribe(subscriber),
      ),
    );
  }
}
