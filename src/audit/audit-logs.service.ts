import { Injectable } from '@nestjs/common';
import { CursorCodec } from '../common/pagination/cursor-codec';
import { ValidationProblemException } from '../common/problem/problem.exception';
import { AuditLogRepository } from './audit-log.repository';
import { AuditLogDto, type AuditLogPageDto } from './dto/audit-log.dto';
import type { ListAuditLogsQueryDto } from './dto/list-audit-logs-query.dto';

interface AuditCursor extends Record<string, string> {
  c: string;
  i: string;
}

const isAuditCursor = (value: Record<string, unknown>): value is AuditCursor =>
  typeof value.c === 'string' && typeof value.i === 'string' && /^\d{1,19}$/.test(value.i) && !Number.isNaN(Date.parse(value.c));

@Injectable()
export class AuditLogsService {
  constructor(
    private readonly logs: AuditLogRepository,
    private readonly cursors: CursorCodec,
  ) {}

  async list(query: ListAuditLogsQueryDto): Promise<AuditLogPageDto> {
    if (query.resourceId && !query.resourceType) throw new ValidationProblemException([{ field: 'resourceId', message: 'resourceId needs resourceType' }]);
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && to && from >= to) throw new ValidationProblemException([{ field: 'to', message: 'to must be after from' }]);
    const after = query.cursor ? this.cursors.of('audit-logs').decode(query.cursor, isAuditCursor) : undefined;
    const rows = await this.logs.list({
      actorId: query.actorId,
      resourceType: query.resourceType,
      resourceId: query.resourceId,
      action: query.action,
      outcome: query.outcome,
      from,
      to,
      after: after && { createdAt: after.c, id: after.i },
      limit: query.limit + 1,
    });
    return this.cursors.of('audit-logs').page(rows, query.limit, AuditLogDto.from, (last) => ({ c: last.position, i: last.id }));
  }
}
