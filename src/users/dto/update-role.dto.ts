import { IsEnum } from 'class-validator';
import { Role } from '../role';

export class UpdateRoleDto {
  @IsEnum(Role)
  role!: Role;
}
