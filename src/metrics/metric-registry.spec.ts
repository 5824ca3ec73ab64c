import { Counter, Gauge, register } from 'prom-client';
import { counter, gauge, histogram } from './metric-registry';

describe('metric-registry', () => {
  afterEach(() => register.clear());

  it('registers a metric in the default registry the first time its name is asked for', () => {
    const sut = counter({ name: 'test_things_total', help: 'Things', labelNames: ['kind'] });
    expect(sut).toBeInstanceOf(Counter);
    expect(register.getSingleMetric('test_things_total')).toBe(sut);
  });

  it('returns the registered metric when asked again, as a second app in the same process does', () => {
    const first = gauge({ name: 'test_level', help: 'Level', labelNames: ['pool', 'state'] });
    const second = gauge({ name: 'test_level', help: 'Level', labelNames: ['pool', 'state'] });
    expect(second).toBe(first);
    expect(histogram({ name: 'test_seconds', help: 'Seconds' })).toBe(histogram({ name: 'test_seconds', help: 'Seconds' }));
  });

  it('reuses a metric registered directly with prom-client, as other modules may do', () => {
    const direct = new Gauge({ name: 'test_direct', help: 'Direct' });
    expect(gauge({ name: 'test_direct', help: 'Direct' })).toBe(direct);
  });

  it('refuses a name already registered as another type or with other labels', () => {
    counter({ name: 'test_clash_total', help: 'Clash', labelNames: ['a'] });
    expect(() => gauge({ name: 'test_clash_total', help: 'Clash', labelNames: ['a'] })).toThrow(/test_clash_total is already registered/);
    expect(() => counter({ name: 'test_clash_total', help: 'Clash', labelNames: ['b'] })).toThrow(/already registered/);
    expect(() => counter({ name: 'test_clash_total', help: 'Clash' })).toThrow(/already registered/);
  });
});
