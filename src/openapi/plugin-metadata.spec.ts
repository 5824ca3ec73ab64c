import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateOpenApiMetadata, OPENAPI_METADATA_DIR, OPENAPI_METADATA_FILE } from '../../scripts/generate-openapi-metadata';

describe('plugin-metadata.ts', () => {
  const fresh = 'plugin-metadata.fresh.ts';
  afterAll(() => rmSync(join(OPENAPI_METADATA_DIR, fresh), { force: true }));

  it('is what the code says now (otherwise run `npm run openapi:metadata`)', () => {
    generateOpenApiMetadata(fresh);
    const committed = readFileSync(join(OPENAPI_METADATA_DIR, OPENAPI_METADATA_FILE), 'utf8');
    expect(readFileSync(join(OPENAPI_METADATA_DIR, fresh), 'utf8')).toBe(committed);
    expect(committed).toContain('"ProductsController"');
  }, 120_000);
});
