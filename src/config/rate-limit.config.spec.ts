import { ConfigValidationError } from './config-validation.error';
import { rateLimitConfigFrom } from './rate-limit.config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    rateLimitConfigFrom(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
}

describe('rate-limit configuration', () => {
  it('lets each instance enforce every full limit during a Redis outage unless told how many instances share it', () => {
    expect(rateLimitConfigFrom({}).outage).toEqual({ instances: 1 });
    expect(rateLimitConfigFrom({ RATE_LIMIT_OUTAGE_INSTANCES: ' 4 ' }).outage).toEqual({ instances: 4 });
  });

  it.each(['0', '-2', '1.5', 'three', '1001'])('refuses RATE_LIMIT_OUTAGE_INSTANCES=%s, naming the variable and not the value', (value) => {
    const problems = problemsOf({ RATE_LIMIT_OUTAGE_INSTANCES: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^RATE_LIMIT_OUTAGE_INSTANCES: /);
    expect(problems[0]).not.toContain(value);
  });
});
