import { parseCreateSuperadminArgs } from './create-superadmin.command';

describe(parseCreateSuperadminArgs.name, () => {
  it('normalises the email as the API does', () => {
    expect(parseCreateSuperadminArgs(['--email', '  Ada@Example.COM '])).toEqual({ email: 'ada@example.com', passwordFile: undefined, promote: false });
    expect(parseCreateSuperadminArgs(['--email=ops@example.com', '--password-file', '/run/secrets/pw', '--promote'])).toEqual({
      email: 'ops@example.com',
      passwordFile: '/run/secrets/pw',
      promote: true,
    });
  });

  it.each([
    [[], '--email is required'],
    [['--email', 'not-an-address'], '--email is not a valid email address'],
    [['--email', `${'a'.repeat(250)}@example.com`], '--email is not a valid email address'],
    [['--email', 'a@example.com', '--password-file='], '--password-file needs a path'],
    [['--email', 'a@example.com', '--force'], "Unknown option '--force'"],
  ])('refuses %j', (args, message) => {
    expect(() => parseCreateSuperadminArgs(args)).toThrow(message);
  });

  it('refuses a password on the command line without repeating it', () => {
    for (const args of [
      ['--email', 'a@example.com', '--password', 'hunter2hunter2'],
      ['--email', 'a@example.com', '--password=hunter2hunter2'],
      ['--email', 'a@example.com', 'hunter2hunter2'],
    ]) {
      expect(() => parseCreateSuperadminArgs(args)).toThrow(/never taken on the command line|takes options only/);
      expect(() => parseCreateSuperadminArgs(args)).not.toThrow(/hunter2/);
    }
  });
});
