import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './chart-files';
import { dockerfileStages } from './dockerfile-checks';
import type { Container } from './rendered-manifests';

const UNITS: Record<string, number> = { '': 1 / 2 ** 20, Ki: 1 / 1024, Mi: 1, Gi: 1024, k: 1e3 / 2 ** 20, M: 1e6 / 2 ** 20, G: 1e9 / 2 ** 20 };

/** A Kubernetes memory quantity (`384Mi`, `1Gi`, `500M`, bytes) in MiB. */
export function quantityMiB(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|k|M|G|)$/.exec(quantity);
  if (!match) throw new Error(`unsupported memory quantity ${quantity}`);
  return Number(match[1]) * UNITS[match[2]];
}

const heapCap = (nodeOptions: string | undefined) => Number(/--max-old-space-size=(\d+)/.exec(nodeOptions ?? '')?.[1]) || undefined;

/** V8's old-space cap in MiB that the image sets through NODE_OPTIONS in its final stage. */
export function imageHeapCapMiB(): number {
  const final = dockerfileStages(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).at(-1)!;
  const cap = final.instructions
    .filter(({ keyword }) => keyword === 'ENV')
    .map(({ args }) => heapCap(args))
    .find(Boolean);
  if (!cap) throw new Error('the Dockerfile sets no --max-old-space-size');
  return cap;
}

/** The heap cap a container runs with: its own NODE_OPTIONS (e.g. from extraEnv), else the image's. */
export function containerHeapCapMiB(container: Container): number {
  return heapCap(container.env?.find(({ name }) => name === 'NODE_OPTIONS')?.value) ?? imageHeapCapMiB();
}
