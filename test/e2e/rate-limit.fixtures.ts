import { Body, CanActivate, Controller, type ExecutionContext, Get, HttpCode, Injectable, Module, type OnModuleInit, Post } from '@nestjs/common';
import { APP_GUARD, HttpAdapterHost } from '@nestjs/core';
import { IsEmail } from 'class-validator';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppModule } from '../../src/app.module';
import type { AuthenticatedUser } from '../../src/auth/authenticated-user';
import { Public } from '../../src/auth/decorators/public.decorator';
import { CredentialRateLimit } from '../../src/rate-limit/credential-rate-limit.decorator';
import { RateLimitModule } from '../../src/rate-limit/rate-limit.module';
import { RateLimiter } from '../../src/rate-limit/rate-limiter';
import { SkipRateLimit } from '../../src/rate-limit/skip-rate-limit.decorator';
import { Role } from '../../src/users/role';

export const TEST_USER_HEADER = 'x-test-user';

/** Answered by a Fastify hook before Nest's router, after `RateLimiter.admitAnonymous`, like a cached catalog GET. */
export const FAST_PATH = '/api/v1/rate-limit-fixtures/fast';
/** Counted by the same hook, then left to the Nest route (and its guard). */
export const COUNTED_THEN_ROUTED = '/api/v1/rate-limit-fixtures/counted-then-routed';

class CredentialsDto {
  @IsEmail()
  email!: string;
}

@Public()
@Controller('rate-limit-fixtures')
class RateLimitFixturesController {
  @Get('plain')
  plain() {
    return { ok: true };
  }

  @Post('login')
  @HttpCode(200)
  @CredentialRateLimit()
  login(@Body() body: CredentialsDto) {
    return { email: body.email };
  }

  @Get('probe')
  @SkipRateLimit()
  probe() {
    return { ok: true };
  }

  @Get('fast')
  fast() {
    return { servedBy: 'nest' };
  }

  @Get('counted-then-routed')
  countedThenRouted() {
    return { servedBy: 'nest' };
  }
}

/** An `onRequest` hook like the catalog's fast path: limits with `admitAnonymous`, then answers or lets the request go on. */
@Injectable()
class FastPathFixture implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly rateLimiter: RateLimiter,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', async (request, reply) => {
      const path = request.url.split('?')[0];
      if (path !== FAST_PATH && path !== COUNTED_THEN_ROUTED) return;
      if (!(await this.rateLimiter.admitAnonymous(request, reply))) return;
      if (path === FAST_PATH) await reply.send({ servedBy: 'hook' });
    });
  }
}

/** Stands in for the JWT guard: sets `request.user` from a header, so the per-user limit can be shown alone. */
@Injectable()
class HeaderAuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthenticatedUser }>();
    const id = request.headers[TEST_USER_HEADER];
    if (typeof id === 'string') request.user = { id, role: Role.Customer, sessionId: `session-of-${id}` };
    return true;
  }
}

// Imported before AppModule so that, like the real JWT guard, it runs before the rate-limit guard.
@Module({ providers: [{ provide: APP_GUARD, useClass: HeaderAuthGuard }] })
class HeaderAuthModule {}

@Module({ imports: [RateLimitModule], controllers: [RateLimitFixturesController], providers: [FastPathFixture] })
class RateLimitFixturesModule {}

/** The real application plus routes marked the way feature controllers mark theirs. */
@Module({ imports: [HeaderAuthModule, AppModule, RateLimitFixturesModule] })
export class AppWithRateLimitFixturesModule {}
