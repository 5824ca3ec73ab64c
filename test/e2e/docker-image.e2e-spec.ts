import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { FIXTURES_DIR, ROOT } from '../helm/chart-files';
import { dockerfileProblems, dockerignoreProblems } from '../helm/dockerfile-checks';
import { baseImageProblems, externalBaseImages, finalStageArgs, initProblems, labelProblems } from '../helm/dockerfile-image-checks';

const read = (...path: string[]) => readFileSync(join(ROOT, ...path), 'utf8');
const PACKAGE = JSON.parse(read('package.json')) as { name: string; description: string; license: string };

/** Static checks of the image definition (no Docker daemon here): what it contains, where it comes from, PID 1. */
describe('Docker image', () => {
  const dockerfile = read('Dockerfile');
  const insecure = readFileSync(join(FIXTURES_DIR, 'Dockerfile.insecure'), 'utf8');

  it('is non-root, with production dependencies only, argon2 compiled, and no secret', () => {
    expect(dockerfileProblems(dockerfile)).toEqual([]);
    expect(dockerignoreProblems(read('.dockerignore'))).toEqual([]);
  });

  it('reports each broken rule of an insecure Dockerfile', () => {
    expect(dockerfileProblems(insecure)).toEqual([
      'final stage: USER must be a numeric non-root uid (found node)',
      '0: ENV JWT_ACCESS_SECRET puts a secret in the image',
      '0: COPY . . copies the whole build context',
      'final stage: a RUN installs packages or compilers',
      '0: the runtime node_modules must come from `npm ci --omit=dev`',
      '0: argon2 must be compiled from source where the runtime node_modules are built',
      'final stage: dependencies must be installed in a build stage, not in the runtime image',
      'final stage: CMD must start dist/src/main.js (found ["npm", "start"])',
    ]);
    expect(dockerignoreProblems('node_modules\n.env\n')).toContain('.dockerignore does not list **/secrets');
  });

  describe('base image', () => {
    it('is one image for every stage, pinned by digest, with its exact version named in a comment', () => {
      const references = new Set(externalBaseImages(dockerfile).map(({ reference }) => reference));
      expect([...references]).toEqual([expect.stringMatching(/^node:24\.\d+\.\d+-[a-z]+-slim@sha256:[0-9a-f]{64}$/)]);
      expect(baseImageProblems(dockerfile)).toEqual([]);
    });

    it('the check refuses a tag without digest, a digest without exact version, and a comment naming another version', () => {
      const digest = `sha256:${'ab'.repeat(32)}`;
      expect(baseImageProblems(insecure)).toEqual(['FROM node:24-slim: not pinned by digest (name:tag@sha256:<digest>)']);
      expect(baseImageProblems(`FROM node:24-slim@${digest} AS runtime\n`)).toEqual([
        `FROM node:24-slim@${digest}: the tag names no exact version (e.g. 24.20.0)`,
      ]);
      expect(baseImageProblems(`# node 24.19.0\nARG BASE=node:24.20.0-slim@${digest}\nFROM \${BASE} AS build\nFROM build AS runtime\n`)).toEqual([
        `FROM node:24.20.0-slim@${digest}: no comment right above it names version 24.20.0`,
      ]);
    });
  });

  describe('OCI labels', () => {
    it('give title, description and licenses from package.json, and source, version and revision from build arguments', () => {
      expect(labelProblems(dockerfile, PACKAGE)).toEqual([]);
    });

    it('the README build command passes every build argument the labels use', () => {
      const containers = /## Containers\n([\s\S]*?)(\n## |$)/.exec(read('README.md'))![1];
      expect(finalStageArgs(dockerfile)).toEqual(['VERSION', 'REVISION', 'SOURCE_URL']);
      expect(finalStageArgs(dockerfile).filter((arg) => !containers.includes(`--build-arg ${arg}=`))).toEqual([]);
    });

    it('the check reports each missing or hard-coded label', () => {
      const hardCoded = 'FROM scratch\nLABEL org.opencontainers.image.title="catalog-api" org.opencontainers.image.version="1.0.0"\n';
      expect(labelProblems(hardCoded, PACKAGE)).toEqual([
        `final stage: LABEL org.opencontainers.image.description must be "${PACKAGE.description}" (found none)`,
        `final stage: LABEL org.opencontainers.image.licenses must be "${PACKAGE.license}" (found none)`,
        'final stage: LABEL org.opencontainers.image.source must come from a build argument of the final stage (found none)',
        'final stage: LABEL org.opencontainers.image.version must come from a build argument of the final stage (found 1.0.0)',
        'final stage: LABEL org.opencontainers.image.revision must come from a build argument of the final stage (found none)',
      ]);
    });
  });

  describe('PID 1', () => {
    it('is tini, copied from the build stage that installs it, so signals reach node from the start', () => {
      expect(initProblems(dockerfile)).toEqual([]);
    });

    it('the check refuses node as PID 1 and a shell-form command', () => {
      expect(initProblems(insecure)).toEqual([
        'final stage: ENTRYPOINT must be ["/usr/bin/tini", "--"] (found none)',
        'final stage: /usr/bin/tini must be copied from a build stage that installs tini',
      ]);
      expect(initProblems('FROM node AS runtime\nENTRYPOINT ["/usr/bin/tini", "--"]\nCMD node dist/src/main.js\n')).toEqual([
        'final stage: CMD must be an exec-form array',
        'final stage: /usr/bin/tini must be copied from a build stage that installs tini',
      ]);
    });

    it('stays tini in docker-compose.yml: no service of the image replaces its entrypoint', () => {
      const { services } = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Record<string, unknown>> };
      const ofTheImage = Object.entries(services).filter(([, service]) => service.image === 'catalog-api:local');
      expect(ofTheImage.map(([name]) => name).sort()).toEqual(['api', 'migrate']);
      expect(ofTheImage.filter(([, service]) => 'entrypoint' in service).map(([name]) => name)).toEqual([]);
    });
  });
});
