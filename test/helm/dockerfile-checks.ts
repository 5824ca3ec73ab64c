interface Instruction {
  keyword: string;
  args: string;
}

interface Stage {
  name: string;
  instructions: Instruction[];
}

/** Dockerfile instructions grouped by stage (continuation lines joined, comments dropped). */
export function dockerfileStages(dockerfile: string): Stage[] {
  const lines = dockerfile
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(line)!;
    const instruction = { keyword: keyword.toUpperCase(), args };
    if (instruction.keyword === 'FROM') stages.push({ name: /\sAS\s+(\S+)/i.exec(args)?.[1] ?? String(stages.length), instructions: [] });
    stages.at(-1)?.instructions.push(instruction);
  }
  return stages;
}

const SECRET_NAME = /SECRET|PASSWORD|TOKEN|PRIVATE_KEY|DSN|DATABASE_URL|REDIS_URL/i;
const TOOLCHAIN = /\b(apt-get|apk|yum|dnf)\b[^&|;]*\binstall\b|(^|\s)(g\+\+|gcc|make|python3?)(\s|$)/;

/**
 * What must hold for the production image: a numeric non-root user in the final stage (Kubernetes verifies
 * `runAsNonRoot` only for a numeric user), no build context copied whole, no compilers installed in the final
 * stage, production dependencies only, argon2 compiled in a build stage, no secret in ENV/ARG, and the compiled
 * entry point. One line per problem.
 */
export function dockerfileProblems(dockerfile: string): string[] {
  const stages = dockerfileStages(dockerfile);
  const final = stages.at(-1);
  if (!final) return ['no FROM instruction'];
  const problems: string[] = [];
  const all = stages.flatMap((stage) => stage.instructions.map((instruction) => ({ stage, ...instruction })));
  const inFinal = (keyword: string) => final.instructions.filter((instruction) => instruction.keyword === keyword);

  const user = inFinal('USER').at(-1)?.args.split(':')[0];
  if (!user || !/^\d+$/.test(user) || user === '0') problems.push(`final stage: USER must be a numeric non-root uid (found ${user ?? 'none'})`);

  for (const { stage, keyword, args } of all) {
    if ((keyword === 'COPY' || keyword === 'ADD') && !args.includes('--from=') && /(^|\s)\.\/?\s+\S+$/.test(args)) {
      problems.push(`${stage.name}: ${keyword} ${args} copies the whole build context`);
    }
    if ((keyword === 'ENV' || keyword === 'ARG') && SECRET_NAME.test(args))
      problems.push(`${stage.name}: ${keyword} ${args.split(/[=\s]/)[0]} puts a secret in the image`);
  }

  if (inFinal('RUN').some(({ args }) => TOOLCHAIN.test(args))) problems.push('final stage: a RUN installs packages or compilers');

  const modulesFrom = inFinal('COPY')
    .map(({ args }) => /--from=(\S+)\s+\S*node_modules/.exec(args)?.[1])
    .find(Boolean);
  const modulesStage = modulesFrom ? stages.find((stage) => stage.name === modulesFrom) : final;
  const installs = (modulesStage?.instructions ?? []).filter(({ keyword, args }) => keyword === 'RUN' && /\bnpm (ci|install)\b/.test(args));
  if (!installs.length || installs.some(({ args }) => !/--omit[= ]dev\b/.test(args))) {
    problems.push(`${modulesStage?.name ?? 'final stage'}: the runtime node_modules must come from \`npm ci --omit=dev\``);
  }
  if (
    !(modulesStage?.instructions ?? []).some(
      ({ keyword, args }) => keyword === 'RUN' && /\bnpm rebuild argon2\b/.test(args) && /build_from_source=true/.test(args),
    )
  ) {
    problems.push(`${modulesStage?.name ?? 'final stage'}: argon2 must be compiled from source where the runtime node_modules are built`);
  }
  if (modulesStage === final) problems.push('final stage: dependencies must be installed in a build stage, not in the runtime image');

  const command = inFinal('CMD').at(-1)?.args ?? '';
  if (!command.includes('dist/src/main.js')) problems.push(`final stage: CMD must start dist/src/main.js (found ${command || 'none'})`);
  return problems;
}

/** Build-context patterns .dockerignore must list: local secrets, environment files, tests, dependencies. */
export const REQUIRED_DOCKERIGNORE = [
  '.env',
  '.env.*',
  '**/.env',
  '**/.env.*',
  '**/*.pem',
  '**/*.key',
  '**/secrets',
  'docker',
  'node_modules',
  'test',
  '.git',
  '.data',
];

export function dockerignoreProblems(dockerignore: string): string[] {
  const patterns = new Set(
    dockerignore
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#')),
  );
  return REQUIRED_DOCKERIGNORE.filter((pattern) => !patterns.has(pattern)).map((pattern) => `.dockerignore does not list ${pattern}`);
}
