import { ApiProperty } from '@nestjs/swagger';
import { CursorPageInfoDto } from '../../common/pagination/page.dto';
import type { UserEntity } from '../entities/user.entity';
import { Role } from '../role';

export class UserResponseDto {
  @ApiProperty({ format: 'uuid', example: '3f1c8a4e-2b7d-4c1e-9a55-0d6c3e7b9f12' })
  id!: string;

  @ApiProperty({ example: 'ada@example.com' })
  email!: string;

  @ApiProperty({ enum: Role, example: Role.Customer })
  role!: Role;

  @ApiProperty({ nullable: true, type: String, example: 'Ada Lovelace' })
  name!: string | null;

  @ApiProperty({ example: false })
  disabled!: boolean;

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  lastLoginAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  static from(user: UserEntity): UserResponseDto {
    return {
      id: user.id,
      email: user.email,
      role: user.role,
      name: user.name,
      disabled: user.disabled,
      lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
      createdAt: user.createdAt.toISOString(),
      updatedAt: user.updatedAt.toISOString(),
    };
  }
}

export class UserPageDto {
  @ApiProperty({ type: [UserResponseDto] })
  data!: UserResponseDto[];

  @ApiProperty({ type: CursorPageInfoDto })
  page!: CursorPageInfoDto;
}
