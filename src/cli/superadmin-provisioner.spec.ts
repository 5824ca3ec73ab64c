import type { PasswordHasher } from '../auth/password-hasher';
import { ErrorCode } from '../common/problem/error-code';
import { ProblemException } from '../common/problem/problem.exception';
import { Role } from '../users/role';
import type { LoginCandidate, UsersRepository } from '../users/users.repository';
import { SuperadminProvisioner } from './superadmin-provisioner';

describe(SuperadminProvisioner.name, () => {
  const users = { create: jest.fn(), update: jest.fn(), findLoginCandidate: jest.fn() };
  const hasher = { hash: jest.fn(async () => '$argon2id$hash') };
  const sut = new SuperadminProvisioner(users as unknown as UsersRepository, hasher as unknown as PasswordHasher);
  const account = (role: Role): LoginCandidate => ({
    id: 'id-1',
    email: 'ops@example.com',
    role,
    passwordHash: 'kept',
    disabled: false,
    lockedUntil: null,
    failedLoginCount: 0,
  });

  beforeEach(() => jest.clearAllMocks());

  it.each([
    ['', 'no password given'],
    ['elevenchars', 'the password must be 12 to 128 characters long'],
    ['x'.repeat(129), 'the password must be 12 to 128 characters long'],
    ['OpsOpsOps@Example.com', 'password must not be the email address'],
  ])('refuses the password %j before hashing or writing anything', async (password, message) => {
    const email = password.includes('@') ? password.toLowerCase() : 'ops@example.com';
    await expect(sut.create(email, password)).rejects.toThrow(message);
    expect(hasher.hash).not.toHaveBeenCalled();
    expect(users.create).not.toHaveBeenCalled();
  });

  it('creates a superadmin with the hashed password', async () => {
    users.create.mockResolvedValue({ id: 'new-id', email: 'ops@example.com', disabled: false });
    await expect(sut.create('ops@example.com', 'a long enough passphrase')).resolves.toEqual({
      outcome: 'created',
      id: 'new-id',
      email: 'ops@example.com',
      role: Role.Superadmin,
      disabled: false,
    });
    expect(users.create).toHaveBeenCalledWith({ email: 'ops@example.com', passwordHash: '$argon2id$hash', role: Role.Superadmin });
  });

  it('reports an address taken meanwhile (the unique index wins the race) as taken', async () => {
    users.create.mockRejectedValue(new ProblemException(409, ErrorCode.Conflict));
    await expect(sut.create('ops@example.com', 'a long enough passphrase')).rejects.toThrow('already exists; nothing was changed');
  });

  it('promotes by changing the role only, and leaves a superadmin alone', async () => {
    await expect(sut.promote(account(Role.Customer))).resolves.toMatchObject({ outcome: 'promoted', id: 'id-1' });
    expect(users.update).toHaveBeenCalledWith('id-1', { role: Role.Superadmin });
    users.update.mockClear();
    await expect(sut.promote(account(Role.Superadmin))).resolves.toMatchObject({ outcome: 'unchanged' });
    expect(users.update).not.toHaveBeenCalled();
  });
});
