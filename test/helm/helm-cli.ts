import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHART_DIR } from './chart-files';
import { helmBinary } from './helm-binary';
import { parseManifests, type Manifest } from './rendered-manifests';

export interface HelmResult {
  status: number;
  stdout: string;
  stderr: string;
}

export interface RenderOptions {
  release?: string;
  namespace?: string;
  chart?: string;
  valuesFiles?: string[];
  /** `--set` arguments, e.g. `autoscaling.enabled=true`. */
  set?: string[];
  /** Renders against this cluster (`--dry-run=server`), so `lookup` sees its objects. */
  kubeconfig?: string;
}

/** A kubeconfig naming a loopback port nothing listens on: a command that tried to reach a cluster fails at once. */
const NO_CLUSTER = `apiVersion: v1
kind: Config
clusters: [{ name: none, cluster: { server: "http://127.0.0.1:1" } }]
contexts: [{ name: none, context: { cluster: none } }]
current-context: none
`;

/**
 * The real Helm, isolated: its cache, configuration, data and the Kubernetes client's discovery cache live in a
 * temporary home (nothing in $HOME), plugins are off, and it gets no repository and no cluster, so it cannot reach
 * the network. Asynchronous, so a fake API server in the same process can answer it.
 */
export class Helm {
  private readonly home = mkdtempSync(join(tmpdir(), 'helm-home-'));
  private readonly binary = helmBinary();
  private readonly env: NodeJS.ProcessEnv;

  constructor() {
    const kubeconfig = join(this.home, 'kubeconfig');
    writeFileSync(kubeconfig, NO_CLUSTER);
    const dir = (name: string) => {
      mkdirSync(join(this.home, name));
      return join(this.home, name);
    };
    this.env = {
      PATH: process.env.PATH,
      HOME: this.home,
      HELM_CACHE_HOME: dir('cache'),
      HELM_CONFIG_HOME: dir('config'),
      HELM_DATA_HOME: dir('data'),
      HELM_NO_PLUGINS: '1',
      KUBECONFIG: kubeconfig,
    };
  }

  run(args: string[]): Promise<HelmResult> {
    return new Promise((resolve, reject) => {
      execFile(this.binary, args, { env: this.env, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ status: error ? Number(error.code) : 0, stdout, stderr });
      });
    });
  }

  templateArgs({ release = 'catalog-api', namespace = 'shop', chart = CHART_DIR, valuesFiles = [], set = [], kubeconfig }: RenderOptions): string[] {
    return [
      'template',
      release,
      chart,
      '--namespace',
      namespace,
      ...valuesFiles.flatMap((file) => ['--values', file]),
      ...set.flatMap((value) => ['--set', value]),
      ...(kubeconfig ? ['--dry-run=server', '--disable-openapi-validation', '--kubeconfig', kubeconfig] : []),
    ];
  }

  /** The rendered objects; a failed render throws with Helm's message. */
  async render(options: RenderOptions = {}): Promise<Manifest[]> {
    const result = await this.run(this.templateArgs(options));
    if (result.status !== 0) throw new Error(`helm template failed (${result.status}): ${result.stderr}`);
    return parseManifests(result.stdout);
  }

  lint(valuesFiles: string[] = [], chart = CHART_DIR): Promise<HelmResult> {
    return this.run(['lint', '--strict', chart, ...valuesFiles.flatMap((file) => ['--values', file])]);
  }

  dispose(): void {
    rmSync(this.home, { recursive: true, force: true });
  }
}
