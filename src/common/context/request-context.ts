import { Injectable } from '@nestjs/common';
import { ClsService, type ClsStore } from 'nestjs-cls';

export interface RequestContextStore extends ClsStore {
  clientIp?: string;
}

/**
 * The current request's context, from AsyncLocalStorage (nestjs-cls), usable in any singleton provider.
 * Outside a request (jobs, CLI) every getter returns `undefined`.
 */
@Injectable()
export class RequestContext {
  constructor(private readonly cls: ClsService<RequestContextStore>) {}

  get requestId(): string | undefined {
    return this.cls.isActive() ? this.cls.getId() : undefined;
  }

  get clientIp(): string | undefined {
    return this.cls.isActive() ? this.cls.get('clientIp') : undefined;
  }
}
