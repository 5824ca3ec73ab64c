import { Injectable, Logger } from '@nestjs/common';
import type { UserPrincipal } from '../auth/authenticated-user';
import { UnitOfWork } from '../changes/unit-of-work';
import { CursorCodec } from '../common/pagination/cursor-codec';
import type { CursorPageQueryDto } from '../common/pagination/page.dto';
import { ErrorCode } from '../common/problem/error-code';
import { ProblemException, ValidationProblemException } from '../common/problem/problem.exception';
import { generateApiKey } from './api-key-secret';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeyDto, type ApiKeyPageDto, CreatedApiKeyDto } from './dto/api-key.dto';
import type { CreateApiKeyDto } from './dto/create-api-key.dto';

interface ApiKeyCursor extends Record<string, string> {
  c: string;
  i: string;
}

const isApiKeyCursor = (value: Record<string, unknown>): value is ApiKeyCursor =>
  typeof value.c === 'string' && typeof value.i === 'string' && !Number.isNaN(Date.parse(value.c));
const notFound = (id: string) => new ProblemException(404, ErrorCode.NotFound, { detail: `No API key has the id ${id}` });

/** Keys are created and revoked by staff; each write is one audited transaction, which never holds the secret. */
@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger(ApiKeysService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly keys: ApiKeysRepository,
    private readonly cursors: CursorCodec,
  ) {}

  async create(caller: UserPrincipal, dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const expiresAt = dto.expiresAt === undefined ? null : new Date(dto.expiresAt);
    if (expiresAt && expiresAt <= new Date()) throw new ValidationProblemException([{ field: 'expiresAt', message: 'expiresAt must be in the future' }]);
    const { secret, prefix, hash } = generateApiKey();
    const created = await this.unitOfWork.run(async (manager, changes) => {
      const row = await this.keys.insert(manager, { name: dto.name, prefix, hash, scopes: dto.scopes, createdBy: caller.id, expiresAt });
      const key = ApiKeyDto.from(row);
      changes.record(key.id, undefined, key);
      return key;
    });
    this.logger.log({ event: 'api_key.created', actorId: caller.id, keyId: created.id, scopes: created.scopes });
    return { ...created, key: secret };
  }

  async list(query: CursorPageQueryDto): Promise<ApiKeyPageDto> {
    const after = query.cursor ? this.cursors.of('api-keys').decode(query.cursor, isApiKeyCursor) : undefined;
    const rows = await this.keys.list({ after: after && { createdAt: after.c, id: after.i }, limit: query.limit + 1 });
    return this.cursors.of('api-keys').page(rows, query.limit, ApiKeyDto.from, (last) => ({ c: last.createdAt.toISOString(), i: last.id }));
  }

  async get(id: string): Promise<ApiKeyDto> {
    const row = await this.keys.findById(id);
    if (!row) throw notFound(id);
    return ApiKeyDto.from(row);
  }

  /**
   * Idempotent: revoking a revoked key keeps its first revocation time, and is audited with no changed values. The
   * key stops working on its next request (the guard reads keys on the primary).
   */
  async revoke(caller: UserPrincipal, id: string): Promise<void> {
    await this.unitOfWork.run(async (manager, changes) => {
      const before = await this.keys.lockById(manager, id);
      if (!before) throw notFound(id);
      await this.keys.revoke(manager, id);
      changes.record(id, ApiKeyDto.from(before), ApiKeyDto.from((await this.keys.findById(id, manager))!));
    });
    this.logger.log({ event: 'api_key.revoked', actorId: caller.id, keyId: id });
  }
}
