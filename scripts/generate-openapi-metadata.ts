import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PluginMetadataGenerator } from '@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator';
import { ReadonlyVisitor } from '@nestjs/swagger/plugin';
import * as ts from 'typescript';

/**
 * Writes src/openapi/plugin-metadata.ts: what the Swagger compiler plugin reads from the types, class-validator
 * decorators and doc comments (property types, optionality, limits, summaries), for SwaggerModule.loadPluginMetadata.
 * Every build (tsc, SWC, Jest) then describes the API alike. Run `npm run openapi:metadata` after changing a DTO or
 * a controller; a test fails while the file is stale.
 */
export const OPENAPI_METADATA_FILE = 'plugin-metadata.ts';
export const OPENAPI_METADATA_DIR = join(__dirname, '..', 'src', 'openapi');

export function generateOpenApiMetadata(filename = OPENAPI_METADATA_FILE): void {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(__dirname, '..', 'tsconfig.build.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  );
  if (!config) throw new Error('tsconfig.build.json cannot be read');
  // Our own program: the generator's would exit the process on a type error (such as a stale metadata file).
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  new PluginMetadataGenerator().generate({
    visitors: [
      new ReadonlyVisitor({
        pathToSource: OPENAPI_METADATA_DIR,
        introspectComments: true,
        classValidatorShim: true,
        dtoFileNameSuffix: ['.dto.ts', '.entity.ts'],
      }),
    ],
    outputDir: OPENAPI_METADATA_DIR,
    filename,
    tsProgramRef: program,
  });
  // Under `module: node16` a CommonJS file keeps `import()` as an ES import, which needs file extensions the
  // generator does not write; `require` loads the same modules in every runner (tsc output, SWC, Jest, ts-node).
  const file = join(OPENAPI_METADATA_DIR, filename);
  const generated = readFileSync(file, 'utf8').replace(/\bimport\(/g, 'require(');
  writeFileSync(file, generated);
}

if (require.main === module) generateOpenApiMetadata();
