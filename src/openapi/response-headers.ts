import type { HeadersObject, ReferenceObject } from '@nestjs/swagger';

/** The `ETag` of a versioned row (components.headers.ETag, declared by pipeline-answers.ts). */
export const ETAG_HEADER: ReferenceObject = { $ref: '#/components/headers/ETag' };

/** The headers of a 201: where the new resource lives, and its version tag. */
export const CREATED_HEADERS: HeadersObject = {
  Location: { description: 'The path of the new resource', schema: { type: 'string', example: '/api/v1/products/0b7e1c52-2f44-4a8e-9d0c-6a1f1f3b9e21' } },
  ETag: ETAG_HEADER,
};
