import { applyDecorators, SetMetadata } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExtension } from '@nestjs/swagger';
import { NOT_RATE_LIMITED } from '../openapi/operation-markers';
import { SKIP_RATE_LIMIT } from './rate-limit.constants';

/**
 * Exempts a route from all rate limits (global, user and credentials). Put it on each route (not the controller):
 * the per-address limit runs in a Fastify hook, which sees the route's Fastify config only.
 *
 * Meant for `/health/*` and `/metrics`, which orchestrators and scrapers call often from a few addresses and
 * which must keep answering while a client is throttled. Never put it on a route a client can abuse.
 */
export const SkipRateLimit = (): MethodDecorator =>
  applyDecorators(SetMetadata(SKIP_RATE_LIMIT, true), RouteConfig({ [SKIP_RATE_LIMIT]: true }), ApiExtension(NOT_RATE_LIMITED, true));
