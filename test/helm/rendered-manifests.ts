import { parseAllDocuments } from 'yaml';

export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: Array<{ name: string; value?: string }>;
  envFrom?: Array<{ configMapRef?: { name: string } }>;
  resources?: { limits?: Record<string, string>; requests?: Record<string, string> };
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}

export interface PodSpec {
  containers: Container[];
  volumes?: Array<{ name: string; secret?: { secretName: string; items?: Array<{ key: string; path: string }> } }>;
}

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

/**
 * The objects of `helm template` output. Parsed as YAML 1.1, as the API server reads them (`0440` is octal there),
 * and a duplicated key is an error: the API server would silently keep the last one.
 */
export function parseManifests(output: string): Manifest[] {
  return parseAllDocuments(output, { version: '1.1' }).flatMap((document) => {
    if (document.errors.length) throw new Error(`helm rendered invalid YAML: ${document.errors.map((error) => error.message).join('; ')}`);
    const manifest = document.toJS() as Manifest | null;
    return manifest ? [manifest] : [];
  });
}

export function findManifest(manifests: Manifest[], kind: string, nameSuffix = ''): Manifest {
  const found = manifests.filter((manifest) => manifest.kind === kind && manifest.metadata.name.endsWith(nameSuffix));
  if (found.length !== 1) throw new Error(`expected one ${kind} named *${nameSuffix}, rendered ${found.length}`);
  return found[0];
}

/** The pod spec of a Deployment or Job. */
export function podSpec(manifest: Manifest): PodSpec {
  return (manifest.spec as { template: { spec: PodSpec } }).template.spec;
}

export function podTemplates(manifests: Manifest[]): Manifest[] {
  return manifests.filter((manifest) => manifest.kind === 'Deployment' || manifest.kind === 'Job');
}

export function hookAnnotation(manifest: Manifest): string | undefined {
  return manifest.metadata.annotations?.['helm.sh/hook'];
}
