import { SkipRateLimit } from '../rate-limit/skip-rate-limit.decorator';
import { Public } from '../auth/decorators/public.decorator';
import { Controller, Get, Res, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';

/** `/metrics`, outside the versioned API and left out of the OpenAPI document. */
@Public()
@SkipRateLimit()
@ApiExcludeController()
@Controller({ version: VERSION_NEUTRAL })
export class MetricsController extends PrometheusController {
  @Get()
  override index(@Res({ passthrough: true }) response: unknown): Promise<string> {
    return super.index(response);
  }
}
