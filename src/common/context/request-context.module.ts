import { Global, Module } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { ClsModule } from 'nestjs-cls';
import { RequestContext } from './request-context';
import { requestIdFor } from './request-id';

@Global()
@Module({
  imports: [
    ClsModule.forRoot({
      global: true,
      middleware: {
        mount: true,
        generateId: true,
        // Fastify already chose the id (genReqId); reuse it so logs, headers and context agree.
        idGenerator: (req: IncomingMessage & { id?: string }) => req.id ?? requestIdFor(req),
        setup: (cls, req: IncomingMessage & { ip?: string }) => cls.set('clientIp', req.ip ?? req.socket?.remoteAddress),
      },
    }),
  ],
  providers: [RequestContext],
  exports: [RequestContext],
})
export class RequestContextModule {}
