import { Global, Module } from '@nestjs/common';
import { AuditLogRepository } from './audit-log.repository';
import { AuditLogsController } from './audit-logs.controller';
import { AuditLogsService } from './audit-logs.service';
import { AuditTrail } from './audit-trail';
import { AuditInterceptor } from './audit.interceptor';

/** Global: every feature that mutates data audits through `AuditTrail` and `@Audited`. */
@Global()
@Module({
  controllers: [AuditLogsController],
  providers: [AuditLogRepository, AuditLogsService, AuditTrail, AuditInterceptor],
  exports: [AuditTrail, AuditInterceptor],
})
export class AuditModule {}
