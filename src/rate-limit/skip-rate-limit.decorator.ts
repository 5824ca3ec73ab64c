import { SetMetadata } from '@nestjs/common';
import { SKIP_RATE_LIMIT } from './rate-limit.constants';

/**
 * Exempts a route, or every route of a controller, from all rate limits (global, user and credentials).
 *
 * Meant for `/health/*` and `/metrics`, which orchestrators and scrapers call often from a few addresses and
 * which must keep answering while a client is throttled. Never put it on a route a client can abuse.
 */
export const SkipRateLimit = (): MethodDecorator & ClassDecorator => SetMetadata(SKIP_RATE_LIMIT, true);
