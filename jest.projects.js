/** The two kinds of spec, shared by jest.config.js (both) and jest.unit.config.js / jest.e2e.config.js (one each). */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

/** Options of the run as a whole: Jest accepts them only at the top level, not inside a project. */
const run = {
  testTimeout: 60000,
  maxWorkers: 2,
  // A worker that keeps a socket or a timer open is killed after this instead of holding up the run.
  workerGracefulExitTimeout: 5000,
};

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': swc },
  // .ci/run unpacks a second Node there: nothing in it is a test or a module of ours.
  modulePathIgnorePatterns: ['<rootDir>/.tools/'],
  // No spec may send a DNS query off the machine: names other than localhost do not resolve.
  setupFiles: ['<rootDir>/test/harness/loopback-dns.ts'],
};

/** Beside the code, no services. */
const unit = {
  ...shared,
  displayName: 'unit',
  testRegex: 'src/.*\\.spec\\.ts$',
};

/** The real app against the PostgreSQL primary, replica and Redis that the global set-up starts. */
const e2e = {
  ...shared,
  displayName: 'e2e',
  testRegex: 'test/.*\\.e2e-spec\\.ts$',
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
};

module.exports = { run, unit, e2e };
