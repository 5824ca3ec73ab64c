import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { NormaliseEmail } from '../../common/validation/sanitisers';
import { DisplayName } from '../../users/dto/display-name.decorator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../users/password-policy';

export class RegisterDto {
  @ApiProperty({ example: 'ada@example.com', maxLength: 254 })
  @NormaliseEmail()
  @IsEmail({ allow_display_name: false, require_tld: false })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'correct horse battery staple', minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  password!: string;

  @ApiProperty({ required: false, example: 'Ada Lovelace', maxLength: 100 })
  @IsOptional()
  @DisplayName()
  name?: string;
}

export class LoginDto {
  @ApiProperty({ example: 'ada@example.com' })
  @NormaliseEmail()
  @IsString()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}

export class RefreshDto {
  @ApiProperty({ example: 'k3J0cF9yZWZyZXNoX3Rva2VuX2V4YW1wbGVfMzJieXRlcw' })
  @IsString()
  @MaxLength(128)
  refreshToken!: string;
}
