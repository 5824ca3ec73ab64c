import type { IncomingMessage, ServerResponse } from 'node:http';

/** Answers a raw request and returns true, or returns false having touched nothing. */
export type FrontHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * A place in the HTTP server's request listener ahead of Fastify, for answers that need none of the framework:
 * the catalog's cached pages. The server is created before the application that provides the handler, so the
 * handler is plugged in later (`use`); until then, and for every request it declines, Fastify handles it.
 */
export class RequestFront {
  private handler?: FrontHandler;

  use(handler: FrontHandler | undefined): void {
    this.handler = handler;
  }

  serve(req: IncomingMessage, res: ServerResponse): boolean {
    return this.handler !== undefined && this.handler(req, res);
  }
}
