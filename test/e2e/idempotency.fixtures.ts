import { Body, Controller, Injectable, Module, Post, Res } from '@nestjs/common';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { Auth } from '../../src/auth/decorators/auth.decorator';
import { CurrentUser } from '../../src/auth/decorators/current-user.decorator';
import { Public } from '../../src/auth/decorators/public.decorator';
import type { AuthenticatedUser } from '../../src/auth/authenticated-user';
import { Idempotent } from '../../src/common/idempotency/idempotent.decorator';

/** Created and dropped by the test; every instance under test writes to it, so a row count proves how often handlers ran. */
export const ITEMS_TABLE = 'idempotency_fixture_items';
export const ITEMS_ROUTE = '/api/v1/idempotency-fixtures/items';
export const MINE_ROUTE = '/api/v1/idempotency-fixtures/mine';

class CreateItemDto {
  /** Groups the rows of one test. */
  @IsUUID()
  tag!: string;

  @IsString()
  @MaxLength(100)
  name!: string;

  /** Sleeps this long first, to hold the key in flight. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(5_000)
  delayMs?: number;

  /** The first this-many calls with this tag fail with an unexpected error (500), before writing anything. */
  @IsOptional()
  @IsInt()
  @Min(0)
  failTimes?: number;
}

/** Counts failures per tag, in this instance. */
@Injectable()
class FailureBudget {
  private readonly failed = new Map<string, number>();

  shouldFail(tag: string, times: number): boolean {
    const failed = this.failed.get(tag) ?? 0;
    if (failed >= times) return false;
    this.failed.set(tag, failed + 1);
    return true;
  }
}

@Controller('idempotency-fixtures')
class IdempotencyFixturesController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly failures: FailureBudget,
  ) {}

  @Post('items')
  @Public()
  @Idempotent()
  async create(@Body() body: CreateItemDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const item = await this.insert(body);
    reply.header('location', `${ITEMS_ROUTE}/${item.id}`).header('etag', `"${item.id}-1"`);
    return item;
  }

  @Post('mine')
  @Auth()
  @Idempotent()
  async mine(@Body() body: CreateItemDto, @CurrentUser() user: AuthenticatedUser) {
    return { ...(await this.insert(body)), owner: user.id };
  }

  private async insert(body: CreateItemDto) {
    if (body.delayMs) await new Promise((resolve) => setTimeout(resolve, body.delayMs));
    if (this.failures.shouldFail(body.tag, body.failTimes ?? 0)) throw new Error('simulated failure');
    const [row] = await this.dataSource.query<Array<{ id: string }>>(`INSERT INTO ${ITEMS_TABLE} (tag, name) VALUES ($1, $2) RETURNING id`, [
      body.tag,
      body.name,
    ]);
    return { id: Number(row.id), tag: body.tag, name: body.name };
  }
}

@Module({ controllers: [IdempotencyFixturesController], providers: [FailureBudget] })
class IdempotencyFixturesModule {}

/** The real application plus routes marked `@Idempotent()` the way feature controllers mark theirs. */
@Module({ imports: [AppModule, IdempotencyFixturesModule] })
export class AppWithIdempotencyFixturesModule {}
