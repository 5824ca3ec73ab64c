import type { ApiParamOptions } from '@nestjs/swagger';

/**
 * The `{idOrSlug}` segment of /products/{idOrSlug} and /categories/{idOrSlug}. Every operation on such a path names
 * the segment alike (one path in the document, not two that differ only by the name); reads take an id or a slug,
 * writes an id only.
 */
export const idOrSlugParam = (kind: string): ApiParamOptions => ({
  name: 'idOrSlug',
  description: `The ${kind} id (a UUID, either case) or its slug`,
  schema: { type: 'string', minLength: 1, maxLength: 256 },
});

export const idOnlyParam = (kind: string): ApiParamOptions => ({
  name: 'idOrSlug',
  description: `The ${kind} id (a UUID, either case); writes do not take a slug`,
  schema: { type: 'string', format: 'uuid' },
});
