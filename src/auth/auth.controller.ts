import { Body, Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ProblemDetails } from '../common/problem/problem-details';
import { CredentialRateLimit } from '../rate-limit/credential-rate-limit.decorator';
import { AuthService, type ClientInfo } from './auth.service';
import type { UserPrincipal } from './authenticated-user';
import { Auth } from './decorators/auth.decorator';
import { CurrentUser } from './decorators/current-user.decorator';
import { Public } from './decorators/public.decorator';
import { LoginDto, RefreshDto, RegisterDto } from './dto/credentials.dto';
import { RegisteredDto, TokenPairDto } from './dto/token-pair.dto';
import { Audited } from '../audit/audited.decorator';

const clientOf = (request: FastifyRequest): ClientInfo => ({ ip: request.ip, userAgent: request.headers['user-agent'] });

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /**
   * Creates a customer account and signs it in.
   *
   * @remarks `role` or any other unknown field is refused.
   */
  @Post('register')
  @Public()
  @Audited('user.register')
  @CredentialRateLimit()
  @ApiCreatedResponse({ type: RegisteredDto })
  @ApiBadRequestResponse({ type: ProblemDetails, description: 'Invalid fields, weak password, or an unknown field such as role' })
  @ApiConflictResponse({ type: ProblemDetails, description: 'The email address is taken' })
  register(@Body() dto: RegisterDto, @Req() request: FastifyRequest): Promise<RegisteredDto> {
    return this.auth.register(dto, clientOf(request));
  }

  /**
   * Signs in: exchanges credentials for a token pair.
   *
   * @remarks A wrong password and an unknown email get the same answer.
   */
  @Post('login')
  @Public()
  @CredentialRateLimit()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: TokenPairDto })
  @ApiBadRequestResponse({ type: ProblemDetails })
  @ApiUnauthorizedResponse({ type: ProblemDetails, description: 'Invalid email or password' })
  login(@Body() dto: LoginDto, @Req() request: FastifyRequest): Promise<TokenPairDto> {
    return this.auth.login(dto, clientOf(request));
  }

  /**
   * Spends a refresh token for a new token pair.
   *
   * @remarks Presenting a spent token again ends that whole session.
   */
  @Post('refresh')
  @Public()
  @CredentialRateLimit()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: TokenPairDto })
  @ApiBadRequestResponse({ type: ProblemDetails })
  @ApiUnauthorizedResponse({ type: ProblemDetails, description: 'Invalid, expired, revoked or already used refresh token' })
  refresh(@Body() dto: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(dto.refreshToken);
  }

  /**
   * Signs out of this session.
   *
   * @remarks Its refresh tokens and access tokens stop working.
   */
  @Post('logout')
  @Auth()
  @Audited('session.logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  logout(@CurrentUser() user: UserPrincipal): Promise<void> {
    return this.auth.logout(user.sessionId);
  }

  /**
   * Signs out of every session.
   *
   * @remarks Every access token issued before stops working at once.
   */
  @Post('logout-all')
  @Auth()
  @Audited('user.logout_all')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  logoutAll(@CurrentUser() user: UserPrincipal): Promise<void> {
    return this.auth.logoutAll(user.id);
  }
}
