import { randomUUID } from 'node:crypto';
import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import type { ApiKeyAuthenticator } from '../../api-keys/api-key-authenticator';
import { ApiKeyScope } from '../../api-keys/api-key-scope';
import { generateApiKey } from '../../api-keys/api-key-secret';
import { ProblemException } from '../../common/problem/problem.exception';
import { authConfigFrom } from '../../config/auth.config';
import { Role } from '../../users/role';
import type { AuthState, UsersRepository } from '../../users/users.repository';
import { JwtStrategy } from '../jwt.strategy';
import { TokenService } from '../token.service';
import { JwtAuthGuard } from './jwt-auth.guard';

const auth = authConfigFrom({ JWT_ACCESS_SECRET: 'access-secret-'.padEnd(40, 'a'), JWT_REFRESH_SECRET: 'refresh-secret-'.padEnd(40, 'r') });
const otherKeys = authConfigFrom({ JWT_ACCESS_SECRET: 'another-access-secret-'.padEnd(40, 'x'), JWT_REFRESH_SECRET: 'refresh-secret-'.padEnd(40, 'r') });
const active: AuthState = { role: Role.Customer, tokenVersion: 0, disabled: false, sessionActive: true };

const adminShutdown = () =>
  new QueryFailedError(
    'SELECT …',
    [],
    Object.assign(new DatabaseError('terminating connection due to administrator command', 100, 'error'), { code: '57P01', severity: 'FATAL' }),
  );
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', syscall: 'connect' });

/** The guard with the real passport-jwt strategy behind it; only the database read is a stand-in. */
describe(JwtAuthGuard.name, () => {
  const authState = jest.fn<Promise<AuthState | null>, [string, string]>();
  const isPublic = jest.fn(() => false);
  new JwtStrategy(auth, { authState } as unknown as UsersRepository);
  const apiKey = jest.fn<ReturnType<ApiKeyAuthenticator['authenticate']>, [string]>();
  const sut = new JwtAuthGuard({ getAllAndOverride: isPublic } as unknown as Reflector, { authenticate: apiKey } as unknown as ApiKeyAuthenticator);
  const sign = (claims: Partial<{ sub: string; sid: string }> = {}, keys = auth) =>
    new TokenService(new JwtService({}), keys).signAccessToken({ sub: randomUUID(), sid: randomUUID(), role: Role.Customer, ver: 0, ...claims });

  /** Runs the guard on a request with this bearer token; resolves to what the route would see as the caller. */
  async function authenticate(token: string): Promise<unknown> {
    const request: { headers: Record<string, string>; user?: unknown } = { headers: { authorization: `Bearer ${token}` } };
    const context = {
      switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({}) }),
      getHandler: () => authenticate,
      getClass: () => JwtAuthGuard,
    } as unknown as ExecutionContext;
    expect(await sut.canActivate(context)).toBe(true);
    return request.user;
  }

  const rejection = (token: string) =>
    authenticate(token).then(
      () => undefined,
      (error: unknown) => error,
    );

  beforeEach(() => {
    authState.mockReset();
    apiKey.mockReset();
    isPublic.mockReturnValue(false);
  });

  it('signs in the holder of a valid token whose session is active', async () => {
    authState.mockResolvedValue(active);
    const sub = randomUUID();
    await expect(authenticate(sign({ sub }))).resolves.toMatchObject({ id: sub, role: Role.Customer });
  });

  it.each([
    ['terminated by the server (57P01, through TypeORM)', adminShutdown],
    ['refusing connections (ECONNREFUSED)', refused],
  ])('lets the error through, not a 401, when the database is %s: the problem filter answers 503', async (_what, failure) => {
    const error = failure();
    authState.mockRejectedValue(error);
    await expect(rejection(sign())).resolves.toBe(error);
  });

  it('lets any other failure to read the session through too: a fault of ours is never the token being invalid', async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'role')");
    authState.mockRejectedValue(bug);
    await expect(rejection(sign())).resolves.toBe(bug);
  });

  it('serves a public route anonymously when the token cannot be checked, so the catalog stays readable', async () => {
    isPublic.mockReturnValue(true);
    authState.mockRejectedValue(adminShutdown());
    await expect(authenticate(sign())).resolves.toBeUndefined();
  });

  it.each([
    ['a revoked or expired session', { ...active, sessionActive: false }],
    ['a disabled user', { ...active, disabled: true }],
    ['an older token version (logout-all)', { ...active, tokenVersion: 1 }],
    ['an unknown user or session', null],
  ])('is still a 401 for %s', async (_what, state) => {
    authState.mockResolvedValue(state);
    const error = await rejection(sign());
    expect(error).toBeInstanceOf(ProblemException);
    expect((error as ProblemException).getStatus()).toBe(401);
  });

  it.each([
    ['signed with another key', () => sign({}, otherKeys)],
    ['malformed', () => 'not.a.token'],
    ['naming a user that is not a uuid', () => sign({ sub: 'admin' })],
  ])('is a 401 without reading the database for a token %s', async (_what, token) => {
    const error = await rejection(token());
    expect((error as ProblemException).getStatus()).toBe(401);
    expect(authState).not.toHaveBeenCalled();
  });

  describe('with an API key', () => {
    const key = () => generateApiKey().secret;
    const principal = { kind: 'api-key' as const, id: randomUUID(), role: Role.Customer as const, scopes: [ApiKeyScope.ChangesRead] };

    it('signs in the key, never trying it as a JWT', async () => {
      apiKey.mockResolvedValue(principal);
      const secret = key();
      await expect(authenticate(secret)).resolves.toEqual(principal);
      expect(apiKey).toHaveBeenCalledWith(secret);
      expect(authState).not.toHaveBeenCalled();
    });

    it('is a 401 of the same shape as a bad JWT for a key found wanting', async () => {
      apiKey.mockResolvedValue(false);
      const [forKey, forJwt] = [await rejection(key()), await rejection('not.a.token')];
      expect(forKey).toBeInstanceOf(ProblemException);
      expect((forKey as ProblemException).getStatus()).toBe(401);
      expect((forKey as ProblemException).problem).toEqual((forJwt as ProblemException).problem);
    });

    it('lets a failure to read the key through (503), and serves a public route anonymously then', async () => {
      apiKey.mockRejectedValue(refused());
      await expect(rejection(key())).resolves.toMatchObject({ code: 'ECONNREFUSED' });
      isPublic.mockReturnValue(true);
      await expect(authenticate(key())).resolves.toBeUndefined();
    });

    it('accepts the scheme in any case', async () => {
      apiKey.mockResolvedValue(principal);
      const request = { headers: { authorization: `bEaReR ${key()}` }, user: undefined as unknown };
      const context = {
        switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({}) }),
        getHandler: () => authenticate,
        getClass: () => JwtAuthGuard,
      } as unknown as ExecutionContext;
      await sut.canActivate(context);
      expect(request.user).toEqual(principal);
    });
  });
});
