import { dockerfileStages } from './dockerfile-checks';

const DIGEST = /@sha256:[0-9a-f]{64}$/;
const EXACT_VERSION = /:(\d+\.\d+\.\d+)/;

interface BaseImage {
  reference: string;
  /** The comment lines right above the FROM, or above the ARG the FROM takes its image from. */
  comments: string[];
}

/** The images the stages start from, other than earlier stages, with `${ARG}` resolved to its default. */
export function externalBaseImages(dockerfile: string): BaseImage[] {
  const args = new Map<string, BaseImage>();
  const stages = new Set<string>();
  const bases: BaseImage[] = [];
  let comments: string[] = [];
  let seenFrom = false;
  for (const line of dockerfile
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((text) => text.trim())) {
    if (line.startsWith('#')) {
      comments.push(line);
      continue;
    }
    const arg = /^ARG\s+(\w+)=(\S+)/i.exec(line);
    const from = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    // Only ARGs before the first FROM can name a base image.
    if (arg && !seenFrom) args.set(arg[1], { reference: arg[2], comments });
    if (from) {
      seenFrom = true;
      const variable = /^\$\{?(\w+)\}?$/.exec(from[1])?.[1];
      const base = variable ? args.get(variable) : { reference: from[1], comments };
      if (!stages.has(from[1])) bases.push(base ?? { reference: from[1], comments });
      if (from[2]) stages.add(from[2]);
    }
    comments = [];
  }
  return bases;
}

/** Every external base image pinned by digest, with an exact version in its tag that a comment above names. */
export function baseImageProblems(dockerfile: string): string[] {
  return externalBaseImages(dockerfile).flatMap(({ reference, comments }) => {
    if (!DIGEST.test(reference)) return [`FROM ${reference}: not pinned by digest (name:tag@sha256:<digest>)`];
    const version = EXACT_VERSION.exec(reference)?.[1];
    if (!version) return [`FROM ${reference}: the tag names no exact version (e.g. 24.20.0)`];
    if (!comments.some((comment) => comment.includes(version))) return [`FROM ${reference}: no comment right above it names version ${version}`];
    return [];
  });
}

interface PackageJson {
  name: string;
  description: string;
  license: string;
}

/** The final stage's LABELs (continuation lines joined, quotes removed). */
function finalLabels(dockerfile: string): Map<string, string> {
  const final = dockerfileStages(dockerfile).at(-1);
  const labels = new Map<string, string>();
  for (const { args } of final?.instructions.filter(({ keyword }) => keyword === 'LABEL') ?? []) {
    for (const [, key, quoted, bare] of args.matchAll(/([\w.-]+)=(?:"([^"]*)"|(\S+))/g)) labels.set(key, quoted ?? bare);
  }
  return labels;
}

/** Build arguments the final stage declares. */
export function finalStageArgs(dockerfile: string): string[] {
  const final = dockerfileStages(dockerfile).at(-1);
  return (final?.instructions ?? []).filter(({ keyword }) => keyword === 'ARG').map(({ args }) => args.split('=')[0]);
}

/**
 * The OCI annotations registries and scanners show: title, description and licenses as in package.json, and
 * source, version and revision from build arguments, since they differ per build.
 */
export function labelProblems(dockerfile: string, pkg: PackageJson): string[] {
  const labels = finalLabels(dockerfile);
  const args = finalStageArgs(dockerfile);
  const label = (name: string) => labels.get(`org.opencontainers.image.${name}`);
  const problems: string[] = [];
  for (const [name, expected] of [
    ['title', pkg.name],
    ['description', pkg.description],
    ['licenses', pkg.license],
  ]) {
    if (label(name) !== expected) problems.push(`final stage: LABEL org.opencontainers.image.${name} must be "${expected}" (found ${label(name) ?? 'none'})`);
  }
  for (const name of ['source', 'version', 'revision']) {
    const arg = /^\$\{?(\w+)\}?$/.exec(label(name) ?? '')?.[1];
    if (!arg || !args.includes(arg)) {
      problems.push(`final stage: LABEL org.opencontainers.image.${name} must come from a build argument of the final stage (found ${label(name) ?? 'none'})`);
    }
  }
  return problems;
}

const TINI = '/usr/bin/tini';

/**
 * tini as PID 1: the ENTRYPOINT runs it, the final stage copies it from a build stage that installs it (the
 * runtime image installs no package), and CMD is an exec-form array, so no shell stands between tini and node.
 */
export function initProblems(dockerfile: string): string[] {
  const stages = dockerfileStages(dockerfile);
  const final = stages.at(-1);
  if (!final) return ['no FROM instruction'];
  const last = (keyword: string) => final.instructions.filter((instruction) => instruction.keyword === keyword).at(-1)?.args;
  const problems: string[] = [];
  if (last('ENTRYPOINT') !== `["${TINI}", "--"]`) problems.push(`final stage: ENTRYPOINT must be ["${TINI}", "--"] (found ${last('ENTRYPOINT') ?? 'none'})`);
  if (!last('CMD')?.startsWith('[')) problems.push('final stage: CMD must be an exec-form array');

  const copy = final.instructions.find(({ keyword, args }) => keyword === 'COPY' && args.endsWith(` ${TINI}`));
  const source = /--from=(\S+)/.exec(copy?.args ?? '')?.[1];
  const ancestry = (name: string | undefined): string[] => {
    const stage = stages.find((candidate) => candidate.name === name);
    return stage ? [stage.name, ...ancestry(stage.instructions[0].args.split(/\s+/)[0])] : [];
  };
  const installs = ancestry(source).some((name) =>
    stages.find((stage) => stage.name === name)!.instructions.some(({ keyword, args }) => keyword === 'RUN' && /apt-get install[^&;|]*\btini\b/.test(args)),
  );
  if (!installs) problems.push(`final stage: ${TINI} must be copied from a build stage that installs tini`);
  return problems;
}
