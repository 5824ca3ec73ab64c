import { Module } from '@nestjs/common';
import { PasswordHasher } from './password-hasher';
import { SessionsRepository } from './sessions.repository';

/** Password hashing and sessions, shared by the auth flows and the users' own account management. */
@Module({ providers: [PasswordHasher, SessionsRepository], exports: [PasswordHasher, SessionsRepository] })
export class CredentialsModule {}
