import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { PasswordHasher } from '../../src/auth/password-hasher';
import { Role } from '../../src/users/role';

export const DEFAULT_PASSWORD = 'correct horse battery staple';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: Role;
}

/** Inserts a user straight into the database (unique email per call), bypassing the API. */
export async function createUser(app: NestFastifyApplication, values: Partial<Omit<TestUser, 'id'>> = {}): Promise<TestUser> {
  const email = values.email ?? `user-${randomUUID()}@example.com`;
  const password = values.password ?? DEFAULT_PASSWORD;
  const role = values.role ?? Role.Customer;
  const hash = await app.get(PasswordHasher).hash(password);
  const [row] = await app
    .get(DataSource)
    .query<Array<{ id: string }>>(`INSERT INTO users (email, password_hash, role) VALUES ($1, $2, $3) RETURNING id`, [email, hash, role]);
  return { id: row.id, email, password, role };
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

export async function login(app: NestFastifyApplication, user: Pick<TestUser, 'email' | 'password'>): Promise<Tokens> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: user.password } });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

/** A user of the given role, signed in. */
export async function signedIn(app: NestFastifyApplication, role: Role = Role.Customer): Promise<TestUser & Tokens> {
  const user = await createUser(app, { role });
  return { ...user, ...(await login(app, user)) };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
