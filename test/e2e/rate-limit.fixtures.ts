import { Body, CanActivate, Controller, type ExecutionContext, Get, HttpCode, Injectable, Module, Post } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { IsEmail } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { AppModule } from '../../src/app.module';
import type { AuthenticatedUser } from '../../src/auth/authenticated-user';
import { Public } from '../../src/auth/decorators/public.decorator';
import { CredentialRateLimit } from '../../src/rate-limit/credential-rate-limit.decorator';
import { RateLimitModule } from '../../src/rate-limit/rate-limit.module';
import { SkipRateLimit } from '../../src/rate-limit/skip-rate-limit.decorator';
import { Role } from '../../src/users/role';

export const TEST_USER_HEADER = 'x-test-user';

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

@Module({ imports: [RateLimitModule], controllers: [RateLimitFixturesController] })
class RateLimitFixturesModule {}

/** The real application plus routes marked the way feature controllers mark theirs. */
@Module({ imports: [HeaderAuthModule, AppModule, RateLimitFixturesModule] })
export class AppWithRateLimitFixturesModule {}
