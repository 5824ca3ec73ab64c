import { join } from 'node:path';
import { EXAMPLES_DIR, FIXTURES_DIR, HELM_DIR, ROOT } from '../helm/chart-files';
import { runTool } from '../helm/external-tool';
import { metricsDefinedInSource, metricsReadByRules } from '../helm/rule-metrics';

/** What Helm does not look at: the style of the YAML files beside the templates, and the alert rules. */
describe('Helm chart: YAML files and alert rules', () => {
  describe('yamllint (helm/.yamllint)', () => {
    const lint = (...paths: string[]) => runTool('yamllint', ['-f', 'parsable', '-c', join(HELM_DIR, '.yamllint'), ...paths], ROOT);

    it('passes on the chart, the examples and the rules (templates excluded)', () => {
      const result = lint('helm');
      expect(result.output).toBe('');
      expect(result.status).toBe(0);
    });

    it('refuses a file with YAML problems', () => {
      const result = lint(join(FIXTURES_DIR, 'lint-errors.yaml'));
      expect(result.status).not.toBe(0);
      for (const rule of ['key-duplicates', 'trailing-spaces', 'truthy', 'indentation']) expect(result.output).toContain(`(${rule})`);
    });
  });

  describe('Prometheus rules (examples/prometheus-rules.yaml)', () => {
    it('pass `promtool check rules`', () => {
      const result = runTool('promtool', ['check', 'rules', join(EXAMPLES_DIR, 'prometheus-rules.yaml')]);
      expect(result.output).toContain('SUCCESS');
      expect(result.status).toBe(0);
    });

    it('fire as their unit tests expect (`promtool test rules`)', () => {
      const result = runTool('promtool', ['test', 'rules', 'prometheus-rules.test.yaml'], EXAMPLES_DIR);
      expect(result.output).toContain('SUCCESS');
      expect(result.status).toBe(0);
    });

    it('a broken expression fails the check', () => {
      const result = runTool('promtool', ['check', 'rules', join(FIXTURES_DIR, 'broken-rules.yaml')]);
      expect(result.status).not.toBe(0);
      expect(result.output).toMatch(/FAILED/);
    });

    it('read only metrics the service registers (or Prometheus, node and kube-state-metrics defaults)', () => {
      const { metrics, recorded } = metricsReadByRules(join(EXAMPLES_DIR, 'prometheus-rules.yaml'));
      const defined = metricsDefinedInSource(ROOT);
      const unknown = [...metrics].filter((name) => !defined.has(name) && !recorded.has(name) && name !== 'up' && !/^(process|nodejs|kube)_/.test(name));
      expect(unknown).toEqual([]);
      expect([...metrics]).toEqual(expect.arrayContaining(['http_request_duration_seconds', 'db_pool_connections', 'catalog_cache_lookups_total']));
    });
  });
});
