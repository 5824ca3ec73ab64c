import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';

export interface RequestContextStore {
  requestId: string;
  clientIp?: string;
  userAgent?: string;
}

/** One store per request, entered by a Fastify `onRequest` hook (see `app.setup.ts`). */
export const requestContextStorage = new AsyncLocalStorage<RequestContextStore>();

/**
 * The current request's context, from AsyncLocalStorage, usable in any singleton provider (no request scope).
 * Outside a request (jobs, CLI) every getter returns `undefined`.
 */
@Injectable()
export class RequestContext {
  get requestId(): string | undefined {
    return requestContextStorage.getStore()?.requestId;
  }

  get clientIp(): string | undefined {
    return requestContextStorage.getStore()?.clientIp;
  }

  get userAgent(): string | undefined {
    return requestContextStorage.getStore()?.userAgent;
  }
}
