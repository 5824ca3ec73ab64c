import { ApiProperty } from '@nestjs/swagger';
import { UserResponseDto } from '../../users/dto/user-response.dto';

export class TokenPairDto {
  @ApiProperty({
    description: 'JWT (typ at+jwt), sent as `Authorization: Bearer …`',
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6ImF0K2p3dCJ9.eyJzdWIiOiIuLi4ifQ.c2ln',
  })
  accessToken!: string;

  @ApiProperty({ description: 'Opaque, single use: each refresh returns a new one', example: 'k3J0cF9yZWZyZXNoX3Rva2VuX2V4YW1wbGVfMzJieXRlcw' })
  refreshToken!: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType!: 'Bearer';

  @ApiProperty({ description: 'Access token lifetime in seconds', example: 900 })
  expiresIn!: number;
}

export class RegisteredDto {
  @ApiProperty({ type: UserResponseDto })
  user!: UserResponseDto;

  @ApiProperty({ type: TokenPairDto })
  tokens!: TokenPairDto;
}
