import { stdoutPrettifier } from './log-format';

describe('stdoutPrettifier', () => {
  const prettify = (line: string) => line.toUpperCase();

  it('prettifies for a developer at a terminal', () => {
    const load = jest.fn(() => prettify);
    expect(stdoutPrettifier({ nodeEnv: 'development', stdoutIsTerminal: true }, load)).toBe(prettify);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['production at a terminal', { nodeEnv: 'production', stdoutIsTerminal: true }],
    ['tests at a terminal', { nodeEnv: 'test', stdoutIsTerminal: true }],
    ['development into a pipe or a file', { nodeEnv: 'development', stdoutIsTerminal: false }],
    ['production into a pipe', { nodeEnv: 'production', stdoutIsTerminal: false }],
  ])('keeps JSON for %s, without loading pino-pretty', (_case, output) => {
    const load = jest.fn(() => prettify);
    expect(stdoutPrettifier(output, load)).toBeUndefined();
    expect(load).not.toHaveBeenCalled();
  });

  it('falls back to JSON when pino-pretty is not installed', () => {
    expect(stdoutPrettifier({ nodeEnv: 'development', stdoutIsTerminal: true }, () => undefined)).toBeUndefined();
  });
});
