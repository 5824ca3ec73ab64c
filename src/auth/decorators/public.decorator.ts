import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'auth:isPublic';

/** Opens a route to anonymous callers. Every other route needs a valid access token (closed by default). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
