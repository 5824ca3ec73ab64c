import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SECRET_VARIABLES, type Environment } from './environment';

const ROOT = join(__dirname, '..', '..');
const CONFIG_DIR = __dirname;
const NAME = '[A-Z][A-Z0-9_]*';

/** The configuration modules: every `*.config.ts` here, each exporting a `<namespace>ConfigFrom(env)`. */
const configFiles = () => readdirSync(CONFIG_DIR).filter((file) => file.endsWith('.config.ts'));

/**
 * Every variable the configuration layer reads: the properties of the `*Environment` classes it validates, and any
 * variable a module reads from the environment directly (`env.NAME`).
 */
function variablesTheCodeReads(): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(CONFIG_DIR).filter((name) => name.endsWith('.ts') && !name.endsWith('.spec.ts'))) {
    const source = readFileSync(join(CONFIG_DIR, file), 'utf8');
    for (const [, body] of source.matchAll(/class \w+Environment \{([\s\S]*?)\n\}/g)) {
      for (const [, name] of body.matchAll(new RegExp(`^ {2}(${NAME})[?!]?\\s*[:=]`, 'gm'))) names.add(name);
    }
    for (const [, name] of source.matchAll(new RegExp(`\\benv\\.(${NAME})\\b`, 'g'))) names.add(name);
  }
  return names;
}

interface ExampleLine {
  name: string;
  value: string;
  commented: boolean;
}

/** `NAME=value` lines of .env.example, and the commented-out ones (`# NAME=value`, `# (secret) NAME=`). */
function exampleLines(): ExampleLine[] {
  const text = readFileSync(join(ROOT, '.env.example'), 'utf8');
  return [...text.matchAll(new RegExp(`^(#\\s*(?:\\(secret\\)\\s*)?)?(${NAME})=(.*)$`, 'gm'))].map(([, comment, name, value]) => ({
    name,
    value,
    commented: Boolean(comment),
  }));
}

interface TableRow {
  names: string[];
  defaults: string;
}

/** The rows of the README's configuration table: the variables of the first column, the default column as written. */
function readmeTable(): TableRow[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Configuration\n');
  expect(start).toBeGreaterThanOrEqual(0);
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const [, variables, defaults] = line.split('|');
      return { names: [...variables.matchAll(new RegExp(`\`(${NAME})\``, 'g'))].map(([, name]) => name), defaults: defaults.trim() };
    });
}

/** `<NAME>_FILE` of a secret variable is read by `readEnvironment`: documented once for all, allowed anywhere. */
const isSecretFileVariable = (name: string) => name.endsWith('_FILE') && (SECRET_VARIABLES as readonly string[]).includes(name.slice(0, -'_FILE'.length));

function differences(documented: Iterable<string>, read: Set<string>) {
  const names = new Set(documented);
  return {
    undocumented: [...read].filter((name) => !names.has(name)).sort(),
    notRead: [...names].filter((name) => !read.has(name) && !isSecretFileVariable(name)).sort(),
  };
}

describe('documentation of the environment variables', () => {
  const read = variablesTheCodeReads();

  it('finds the variables the configuration reads', () => {
    expect(read.size).toBeGreaterThan(90);
    for (const name of ['NODE_ENV', 'DATABASE_URL', 'JWT_ALGORITHM', 'ARGON2_MEMORY_KIB', 'LOGIN_LOCKOUT_MAX_SECONDS', 'OTEL_SERVICE_NAME']) {
      expect(read).toContain(name);
    }
  });

  it('.env.example lists every variable the configuration reads, and no other', () => {
    expect(
      differences(
        exampleLines().map((line) => line.name),
        read,
      ),
    ).toEqual({ undocumented: [], notRead: [] });
  });

  it('.env.example and the README list each variable once', () => {
    const repeated = (names: string[]) => names.filter((name, index) => names.indexOf(name) !== index);
    expect(repeated(exampleLines().map((line) => line.name))).toEqual([]);
    expect(repeated(readmeTable().flatMap((row) => row.names))).toEqual([]);
  });

  it("the README's configuration table lists every variable the configuration reads, and no other", () => {
    expect(
      differences(
        readmeTable().flatMap((row) => row.names),
        read,
      ),
    ).toEqual({ undocumented: [], notRead: [] });
  });

  describe('defaults', () => {
    // Development keeps generated JWT secrets beside the embedded database: here, not in the working tree.
    const sandbox = mkdtempSync(join(tmpdir(), 'catalog-env-documentation-'));
    afterAll(() => rmSync(sandbox, { recursive: true, force: true }));
    const isolated = { EMBEDDED_DATABASE_DIR: join(sandbox, 'postgres') };
    const exampleValues = (): Environment => Object.fromEntries(exampleLines().flatMap((line) => (line.commented ? [] : [[line.name, line.value]])));

    it.each(configFiles())('the values set in .env.example are the defaults of %s', async (file) => {
      const module = (await import(join(CONFIG_DIR, file))) as Record<string, unknown>;
      const from = Object.entries(module).find(([name, value]) => name.endsWith('ConfigFrom') && typeof value === 'function')?.[1] as (
        env: Environment,
      ) => unknown;
      expect(from).toBeDefined();
      expect(from({ ...exampleValues(), ...isolated })).toEqual(from(isolated));
    });

    it('the embedded database folder of .env.example is the default', () => {
      expect(exampleValues().EMBEDDED_DATABASE_DIR).toBe('.data/postgres');
    });

    it("the README's default column agrees with .env.example", () => {
      const example = new Map(exampleLines().map((line) => [line.name, line]));
      const disagreements: string[] = [];
      let compared = 0;
      for (const { names, defaults } of readmeTable()) {
        const values = defaults.split(' / ');
        if (values.length !== names.length) continue;
        names.forEach((name, index) => {
          const line = example.get(name);
          const written = values[index].trim();
          if (!line || line.commented) return;
          const expected = line.value === '' ? 'empty' : `\`${line.value}\``;
          compared++;
          if (written !== expected && !written.startsWith(`${expected} `)) disagreements.push(`${name}: README ${written}, .env.example ${expected}`);
        });
      }
      expect(disagreements).toEqual([]);
      expect(compared).toBeGreaterThan(50);
    });
  });
});
