import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Role } from '../users/role';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { ApiKeyScope } from './api-key-scope';
import { generateApiKey } from './api-key-secret';
import type { ApiKeysRepository, UsableApiKey } from './api-keys.repository';

describe(ApiKeyAuthenticator.name, () => {
  const findUsable = jest.fn<Promise<UsableApiKey | null>, [Buffer]>();
  const recordUse = jest.fn<Promise<void>, [string]>();
  const sut = new ApiKeyAuthenticator({ findUsable, recordUse } as unknown as ApiKeysRepository);
  const usable = (useDue: boolean): UsableApiKey => ({ id: randomUUID(), scopes: [ApiKeyScope.CatalogRead], useDue });

  beforeEach(() => {
    findUsable.mockReset();
    recordUse.mockReset().mockResolvedValue();
  });

  it('looks the key up by the hash of the whole secret and makes it a principal without a role above customer', async () => {
    const { secret, hash } = generateApiKey();
    const key = usable(false);
    findUsable.mockResolvedValue(key);
    await expect(sut.authenticate(secret)).resolves.toEqual({ kind: 'api-key', id: key.id, role: Role.Customer, scopes: key.scopes });
    expect(findUsable.mock.calls[0][0].equals(hash)).toBe(true);
  });

  it('is false for an unknown, revoked or expired key', async () => {
    findUsable.mockResolvedValue(null);
    await expect(sut.authenticate(generateApiKey().secret)).resolves.toBe(false);
  });

  it('is false for a malformed key without reading the database', async () => {
    await expect(sut.authenticate('ck_too-short')).resolves.toBe(false);
    expect(findUsable).not.toHaveBeenCalled();
  });

  it('records a use only when none was recorded in the last minute', async () => {
    findUsable.mockResolvedValueOnce(usable(false));
    await sut.authenticate(generateApiKey().secret);
    expect(recordUse).not.toHaveBeenCalled();
    const due = usable(true);
    findUsable.mockResolvedValueOnce(due);
    await sut.authenticate(generateApiKey().secret);
    expect(recordUse).toHaveBeenCalledWith(due.id);
  });

  it('still signs the key in when recording its use fails, and says so in the log', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation();
    const key = usable(true);
    findUsable.mockResolvedValue(key);
    recordUse.mockRejectedValue(new Error('connection terminated'));
    await expect(sut.authenticate(generateApiKey().secret)).resolves.toMatchObject({ kind: 'api-key' });
    await new Promise(setImmediate);
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ event: 'api_key.last_used_not_recorded', keyId: key.id }));
    warn.mockRestore();
  });

  it('lets a failure to read the key through, for the guard to answer 503', async () => {
    const failure = new Error('connect ECONNREFUSED 127.0.0.1:5432');
    findUsable.mockRejectedValue(failure);
    await expect(sut.authenticate(generateApiKey().secret)).rejects.toBe(failure);
  });
});
