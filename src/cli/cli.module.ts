import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CredentialsModule } from '../auth/credentials.module';
import { CONFIG_NAMESPACES } from '../config/configuration';
import { DatabaseModule } from '../database/database.module';
import { UserEntity } from '../users/entities/user.entity';
import { UsersRepository } from '../users/users.repository';
import { SuperadminProvisioner } from './superadmin-provisioner';

/**
 * What the operator commands need, configured exactly as the service is (same config namespaces, database
 * options and argon2 parameters), without HTTP, Redis or the users' controller: UsersRepository is provided
 * on its own instead of importing UsersModule.
 */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, cache: true, load: CONFIG_NAMESPACES }),
    DatabaseModule,
    TypeOrmModule.forFeature([UserEntity]),
    CredentialsModule,
  ],
  providers: [UsersRepository, SuperadminProvisioner],
})
export class CliModule {}
