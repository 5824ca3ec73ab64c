import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { Auth } from '../auth/decorators/auth.decorator';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { CanonicalUuidPipe } from '../common/canonical-id';
import { ProblemDetails } from '../common/problem/problem-details';
import { ListUsersQueryDto } from './dto/list-users-query.dto';
import { UpdateMeDto } from './dto/update-me.dto';
import { UpdateRoleDto } from './dto/update-role.dto';
import { UserPageDto, UserResponseDto } from './dto/user-response.dto';
import { Role } from './role';
import { UsersService } from './users.service';

const uuid = new CanonicalUuidPipe();

@ApiTags('users')
@ApiBadRequestResponse({ type: ProblemDetails, description: 'Invalid input or unknown fields' })
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** The caller's own account. */
  @Get('me')
  @Auth()
  @ApiOkResponse({ type: UserResponseDto })
  me(@CurrentUser() caller: AuthenticatedUser): Promise<UserResponseDto> {
    return this.users.me(caller);
  }

  /**
   * Changes the caller's name or password.
   *
   * @remarks A new password needs `currentPassword`; every other session then ends.
   */
  @Patch('me')
  @Auth()
  @Audited('user.update')
  @ApiOkResponse({ type: UserResponseDto })
  updateMe(@CurrentUser() caller: AuthenticatedUser, @Body() dto: UpdateMeDto): Promise<UserResponseDto> {
    return this.users.updateMe(caller, dto);
  }

  /**
   * Lists users (back office).
   *
   * @remarks Newest first, cursor-paginated; filter by role or email prefix.
   */
  @Get()
  @Auth({ roles: [Role.Admin] })
  @ApiOkResponse({ type: UserPageDto })
  list(@Query() query: ListUsersQueryDto): Promise<UserPageDto> {
    return this.users.list(query);
  }

  /** Gets one user (back office). */
  @Get(':id')
  @Auth({ roles: [Role.Admin] })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiNotFoundResponse({ type: ProblemDetails })
  get(@Param('id', uuid) id: string): Promise<UserResponseDto> {
    return this.users.get(id);
  }

  /**
   * Changes a user's role.
   *
   * @remarks Superadmin only. The last superadmin cannot be demoted (409).
   */
  @Patch(':id/role')
  @Auth({ roles: [Role.Superadmin] })
  @Audited('user.role_change')
  @ApiOkResponse({ type: UserResponseDto })
  @ApiNotFoundResponse({ type: ProblemDetails })
  @ApiConflictResponse({ type: ProblemDetails, description: 'Would leave no superadmin' })
  changeRole(@CurrentUser() caller: AuthenticatedUser, @Param('id', uuid) id: string, @Body() dto: UpdateRoleDto): Promise<UserResponseDto> {
    return this.users.changeRole(caller, id, dto.role);
  }

  /**
   * Disables a user.
   *
   * @remarks Admins disable customers; staff accounts need a superadmin. The user's tokens stop working at once.
   */
  @Post(':id/disable')
  @Auth({ roles: [Role.Admin] })
  @Audited('user.disable')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: UserResponseDto })
  @ApiNotFoundResponse({ type: ProblemDetails })
  @ApiConflictResponse({ type: ProblemDetails, description: 'Own account, or the last active superadmin' })
  disable(@CurrentUser() caller: AuthenticatedUser, @Param('id', uuid) id: string): Promise<UserResponseDto> {
    return this.users.setDisabled(caller, id, true);
  }

  /**
   * Enables a disabled user.
   *
   * @remarks Admins enable customers; staff accounts need a superadmin.
   */
  @Post(':id/enable')
  @Auth({ roles: [Role.Admin] })
  @Audited('user.enable')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: UserResponseDto })
  @ApiNotFoundResponse({ type: ProblemDetails })
  @ApiConflictResponse({ type: ProblemDetails, description: 'Own account' })
  enable(@CurrentUser() caller: AuthenticatedUser, @Param('id', uuid) id: string): Promise<UserResponseDto> {
    return this.users.setDisabled(caller, id, false);
  }
}
