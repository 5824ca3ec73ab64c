import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiExtraModels, ApiGoneResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiKeyScope } from '../api-keys/api-key-scope';
import { Auth } from '../auth/decorators/auth.decorator';
import { ProblemDetails } from '../common/problem/problem-details';
import { ShutdownState } from '../lifecycle/shutdown-state';
import { Role } from '../users/role';
import { ChangeFeedService } from './change-feed.service';
import { CHANGE_EVENT_MODELS, ChangePageDto } from './dto/change-event.dto';
import { ListChangesQueryDto } from './dto/list-changes-query.dto';

@ApiTags('changes')
@ApiExtraModels(...CHANGE_EVENT_MODELS)
@Controller('changes')
export class ChangeFeedController {
  constructor(
    private readonly feed: ChangeFeedService,
    private readonly shutdown: ShutdownState,
  ) {}

  /**
   * Reads the change feed.
   *
   * @remarks Every committed catalog and user change, exactly once, in commit order, with the resource as a GET
   * returns it. Resume from the `cursor` of the last page (or of the last event processed). With `wait`, an empty
   * answer is held until the next change commits (within about 200 ms of it) or the wait ends. A cursor older than
   * the retention gets 410 `CHANGE_CURSOR_EXPIRED` with the `head` cursor to resume from after a full resync.
   */
  @Get()
  @Auth({ roles: [Role.Admin], scopes: [ApiKeyScope.ChangesRead] })
  @ApiOkResponse({ type: ChangePageDto })
  @ApiBadRequestResponse({ type: ProblemDetails, description: 'Invalid cursor, types, limit or wait' })
  @ApiGoneResponse({ type: ProblemDetails, description: '`CHANGE_CURSOR_EXPIRED`: events after the cursor were purged; resync (see `head`)' })
  list(@Query() query: ListChangesQueryDto, @Req() request: FastifyRequest): Promise<ChangePageDto> {
    return this.feed.list(query, waitEnds(request, this.shutdown.signal));
  }
}

/** Ends a long poll when the client goes away or shutdown begins. */
function waitEnds(request: FastifyRequest, shutdown: AbortSignal): AbortSignal {
  const gone = new AbortController();
  request.raw.once('close', () => gone.abort());
  return AbortSignal.any([gone.signal, shutdown]);
}
