import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { CursorPageQueryDto } from '../../common/pagination/page.dto';
import { NormaliseEmail } from '../../common/validation/sanitisers';
import { Role } from '../role';

export class ListUsersQueryDto extends CursorPageQueryDto {
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  /** Case-insensitive prefix of the email address. */
  @IsOptional()
  @NormaliseEmail()
  @IsString()
  @MaxLength(254)
  email?: string;
}
