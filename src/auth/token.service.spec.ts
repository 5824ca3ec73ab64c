import { createHmac } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { authConfigFrom } from '../config/auth.config';
import { Role } from '../users/role';
import { accessKeyId } from './access-token-keys';
import { TokenService } from './token.service';

const ACCESS = 'access-secret-'.padEnd(40, 'a');
const REFRESH = 'refresh-secret-'.padEnd(40, 'r');
const OLD_REFRESH = 'old-refresh-secret-'.padEnd(40, 'o');
const until = new Date(Date.now() + 3_600_000);
const hmac = (secret: string, value: string) => createHmac('sha256', secret).update(value).digest('hex');

describe(TokenService.name, () => {
  let now: number;
  let sut: TokenService;

  beforeEach(() => {
    now = Date.now();
    const auth = authConfigFrom({
      JWT_ACCESS_SECRET: ACCESS,
      JWT_REFRESH_SECRET: REFRESH,
      JWT_REFRESH_PREVIOUS_SECRET: OLD_REFRESH,
      JWT_PREVIOUS_KEYS_UNTIL: until.toISOString(),
    });
    sut = new TokenService(new JwtService({}), auth, () => now);
  });

  it('names the signing key in the access token header', () => {
    const token = sut.signAccessToken({ sub: 'user', role: Role.Customer, sid: 'session', ver: 0 });
    const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
    expect(header).toEqual({ alg: 'HS256', typ: 'at+jwt', kid: accessKeyId('HS256', ACCESS) });
  });

  it('gives every access token its own id, even two issued at once for one session', () => {
    const claims = { sub: 'user', role: Role.Customer, sid: 'session', ver: 0 };
    const [first, second] = [sut.signAccessToken(claims), sut.signAccessToken(claims)].map((token) =>
      JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()),
    );
    expect(first.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.jti).not.toBe(first.jti);
  });

  it('hashes new refresh tokens with the current secret only', () => {
    const { token, hash } = sut.newRefreshToken();
    expect(hash).toBe(hmac(REFRESH, token));
  });

  it('looks a presented refresh token up under the previous secret too, until the grace period ends', () => {
    expect(sut.refreshTokenLookupHashes('presented')).toEqual([hmac(REFRESH, 'presented'), hmac(OLD_REFRESH, 'presented')]);
    now = until.getTime();
    expect(sut.refreshTokenLookupHashes('presented')).toEqual([hmac(REFRESH, 'presented')]);
  });
});
