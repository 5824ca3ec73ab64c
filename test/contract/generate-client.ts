/**
 * Turns an OpenAPI document into the client types of `catalog-api.d.ts`: openapi-typescript's programmatic API
 * (`openapiTS` + `astToString`), formatted with the repository's Prettier settings. The contract spec fails while the
 * committed file differs from what the live document gives; `UPDATE_OPENAPI_CLIENT=1 npx jest test/contract`
 * rewrites it.
 *
 * A command rather than a module, because openapi-typescript loads ES-module-only dependencies that Jest's module
 * system cannot require on Node 20 (plain Node can): the contract spec runs it as a child process.
 *
 *   node -r ts-node/register test/contract/generate-client.ts < document.json                  # types on stdout
 *   node -r ts-node/register test/contract/generate-client.ts http://127.0.0.1:3000/docs-json   # from a running service
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import * as prettier from 'prettier';

const CLIENT_TYPES_FILE = join(__dirname, 'catalog-api.d.ts');

async function clientTypes(document: OpenAPI3): Promise<string> {
  // A property with a default may be left out of a request: keep it optional (openapi-typescript 7 makes it required).
  const types = astToString(await openapiTS(document, { defaultNonNullable: false }));
  const options = await prettier.resolveConfig(CLIENT_TYPES_FILE);
  return prettier.format(types, { ...options, filepath: CLIENT_TYPES_FILE });
}

async function readDocument(source: string | undefined): Promise<OpenAPI3> {
  if (source === undefined || source === '-') return JSON.parse(readFileSync(0, 'utf8')) as OpenAPI3;
  if (!/^https?:\/\//.test(source)) return JSON.parse(readFileSync(source, 'utf8')) as OpenAPI3;
  const response = await fetch(source);
  if (!response.ok) throw new Error(`GET ${source}: ${response.status}`);
  return (await response.json()) as OpenAPI3;
}

readDocument(process.argv[2])
  .then(clientTypes)
  .then((types) => process.stdout.write(types))
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
