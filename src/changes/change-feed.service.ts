import { Injectable } from '@nestjs/common';
import { ErrorCode } from '../common/problem/error-code';
import { ProblemException } from '../common/problem/problem.exception';
import { decodeChangeCursor, encodeChangeCursor } from './change-cursor';
import { type ChangeEventRow, ChangeEventsRepository, type FeedBounds } from './change-events.repository';
import { ChangeWatcher } from './change-watcher';
import type { ChangeEventDto, ChangePageDto } from './dto/change-event.dto';
import type { ListChangesQueryDto } from './dto/list-changes-query.dto';

export function toChangeEventDto(row: ChangeEventRow): ChangeEventDto {
  const { position, id, type, resourceType, resourceId, resourceVersion, occurredAt, actorId, actorRole, data } = row;
  return {
    id,
    cursor: encodeChangeCursor(BigInt(position)),
    position,
    type,
    resourceType,
    resourceId,
    resourceVersion,
    occurredAt,
    actor: actorId ? { id: actorId, role: actorRole ?? '' } : null,
    data,
  } as ChangeEventDto;
}

@Injectable()
export class ChangeFeedService {
  constructor(
    private readonly events: ChangeEventsRepository,
    private readonly watcher: ChangeWatcher,
  ) {}

  /** Events after the cursor in commit order; with `wait`, holds an empty answer until a change or the timeout. */
  async list(query: ListChangesQueryDto, signal?: AbortSignal): Promise<ChangePageDto> {
    const requested = query.after === undefined ? undefined : decodeChangeCursor(query.after);
    const deadline = Date.now() + query.wait * 1_000;
    for (;;) {
      const { bounds, events } = await this.events.page(requested ?? 0n, query.types, query.limit);
      // Checked in the same snapshot as the page: a purge between the two cannot hide a gap.
      const after = requested ?? BigInt(bounds.purgedThrough);
      if (after < BigInt(bounds.purgedThrough)) throw cursorExpired(bounds);
      if (events.length || Date.now() >= deadline || signal?.aborted) return this.pageOf(events, bounds, after, query.limit);
      await this.watcher.waitForChangeAfter(BigInt(bounds.lastPosition), deadline - Date.now(), signal);
    }
  }

  private pageOf(events: ChangeEventRow[], bounds: FeedBounds, after: bigint, limit: number): ChangePageDto {
    const full = events.length === limit;
    // A page that is not full read everything up to the newest position, types filtered out included: resume there.
    const resumeAt = full ? BigInt(events.at(-1)!.position) : maxOf(after, BigInt(bounds.lastPosition));
    return {
      data: events.map(toChangeEventDto),
      cursor: encodeChangeCursor(resumeAt),
      hasMore: full && BigInt(events.at(-1)!.position) < BigInt(bounds.lastPosition),
    };
  }
}

const maxOf = (a: bigint, b: bigint) => (a > b ? a : b);

function cursorExpired(bounds: FeedBounds): ProblemException {
  return new ProblemException(410, ErrorCode.ChangeCursorExpired, {
    detail:
      'Events after this cursor were purged (older than the retention). Resync: keep the `head` cursor of this answer, list every resource in full (GET /api/v1/products and /api/v1/categories by cursor), then read the feed after `head`; events already reflected in the lists are harmless to apply again (compare resourceVersion).',
    extensions: { head: encodeChangeCursor(BigInt(bounds.lastPosition)) },
  });
}
