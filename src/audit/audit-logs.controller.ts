import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ProblemDetails } from '../common/problem/problem-details';
import { Auth } from '../auth/decorators/auth.decorator';
import { Role } from '../users/role';
import { AuditLogPageDto } from './dto/audit-log.dto';
import { ListAuditLogsQueryDto } from './dto/list-audit-logs-query.dto';
import { AuditLogsService } from './audit-logs.service';

/** Read-only: no route edits or deletes audit rows, and the database role could not either. */
@ApiTags('audit')
@ApiBadRequestResponse({ type: ProblemDetails, description: 'Invalid filters or cursor' })
@Controller('audit-logs')
export class AuditLogsController {
  constructor(private readonly auditLogs: AuditLogsService) {}

  /**
   * Lists audit events (back office).
   *
   * @remarks Who changed what, when, from where: newest first, cursor-paginated. Repeated denials within a minute
   * are one event with `repeatCount`.
   */
  @Get()
  @Auth({ roles: [Role.Admin] })
  @ApiOkResponse({ type: AuditLogPageDto })
  list(@Query() query: ListAuditLogsQueryDto): Promise<AuditLogPageDto> {
    return this.auditLogs.list(query);
  }
}
