import { IsDefined, IsOptional, IsString, Length, MaxLength, ValidateIf } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../password-policy';
import { DisplayName } from './display-name.decorator';

/** What a user may change about themselves. Role, email and flags are not here, so they cannot be set. */
export class UpdateMeDto {
  /** Display name. */
  @IsOptional()
  @DisplayName()
  name?: string;

  /** Required to change the password. */
  @ValidateIf((dto: UpdateMeDto) => dto.newPassword !== undefined)
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword?: string;

  /** 12 to 128 characters, not the email address. Changing it ends every other session. */
  @ValidateIf((dto: UpdateMeDto) => dto.newPassword !== undefined || dto.currentPassword !== undefined)
  @IsDefined({ message: 'newPassword is required with currentPassword' })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  newPassword?: string;
}
