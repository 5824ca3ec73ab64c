import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ProblemDetails } from '../common/problem/problem-details';
import { DEPRECATED_VERSIONS } from '../edge/deprecation';
import { describePipelineAnswers } from './pipeline-answers';
import pluginMetadata from './plugin-metadata';

/**
 * The OpenAPI document integrators generate clients from. Property types, optionality, limits and summaries come
 * from plugin-metadata.ts (generated from the code by scripts/generate-openapi-metadata.ts), so every build (tsc,
 * SWC, Jest) describes the API alike; what the pipeline adds to every answer comes from pipeline-answers.ts.
 */
export async function buildApiDocument(app: NestFastifyApplication, version: string): Promise<OpenAPIObject> {
  await SwaggerModule.loadPluginMetadata(pluginMetadata);
  const config = new DocumentBuilder()
    .setTitle('Catalog API')
    .setDescription(
      'E-commerce catalog: products, categories, users. Every error is RFC 9457 `application/problem+json` with a `code` and the ' +
        '`requestId`. Lists are keyset-paginated (`page.nextCursor`). Reads send an `ETag` (304 on `If-None-Match`); writes take ' +
        '`If-Match` (412 when stale) and, where marked, `Idempotency-Key`.',
    )
    .setVersion(version)
    .setLicense('Proprietary', 'https://example.com/catalog-api/licence')
    .addServer('/', 'This service (paths are absolute)')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from /api/v1/auth/login' })
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ProblemDetails],
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  return describePipelineAnswers(document, DEPRECATED_VERSIONS);
}

/** Swagger UI at /docs, the document at /docs-json and /docs-yaml. */
export async function setupApiDocs(app: NestFastifyApplication, version: string): Promise<void> {
  const document = await buildApiDocument(app, version);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
}
