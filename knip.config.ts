import type { KnipConfig } from 'knip';

/** Dependencies only: every package the code imports is declared, and every declared package is used. */
const config: KnipConfig = {
  include: ['dependencies', 'devDependencies', 'unlisted', 'binaries', 'unresolved'],
  entry: [
    'src/main.ts',
    'src/cli.ts',
    'src/database/seed.ts',
    'src/database/data-source.ts',
    'migrations/*.ts',
    'scripts/*.ts',
    // Started as child processes by bench/run.ts.
    'bench/baseline-server.ts',
    'bench/express-peer.ts',
    // Specs, their helpers, and the fixtures the harness starts as child processes.
    'test/**/*.ts',
  ],
  project: ['{src,test,migrations,bench,scripts,chaos}/**/*.ts'],
  ignoreDependencies: [
    // test/e2e/openapi.e2e-spec.ts runs it as node_modules/.bin/redocly.
    '@redocly/cli',
  ],
};

export default config;
