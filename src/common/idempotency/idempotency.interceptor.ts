import { randomUUID } from 'node:crypto';
import { type CallHandler, type ExecutionContext, Inject, Injectable, Logger, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, mergeMap, type Observable, of } from 'rxjs';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { idempotencyConfig, type IdempotencyConfig } from '../../config/idempotency.config';
import { ErrorCode } from '../problem/error-code';
import { ProblemException } from '../problem/problem.exception';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER, parseIdempotencyKey, requestFingerprint, storageKeyFor } from './idempotency-key';
import { decodeRecord, encodeRecord, type IdempotencyRecord, REPLAYED_HEADERS } from './idempotency-record';
import { IdempotencyStore } from './idempotency.store';
import { IDEMPOTENT } from './idempotent.decorator';

/** Retry-After of a 503, as for any other answer while the database is unreachable. */
const UNAVAILABLE_RETRY_AFTER_SECONDS = 2;
const IN_FLIGHT_RETRY_AFTER_SECONDS = 1;

type IdempotentRequest = FastifyRequest & { user?: AuthenticatedUser };

/** What one claimed request needs to settle its key. */
interface Claim {
  storageKey: string;
  value: string;
  fingerprint: string;
}

/**
 * Global; acts only on `@Idempotent()` routes whose request carries `Idempotency-Key`. It runs after the guards
 * (so `request.user` is known) and before the validation pipe, claims the key atomically, and either replays the
 * stored response, refuses (409 in flight, 422 other request), or runs the handler and stores its response.
 *
 * Choices, per draft-ietf-httpapi-idempotency-key-header:
 * - Any error (4xx or 5xx, thrown or set as the status) stores nothing and frees the key: the client can correct the
 *   request or retry a server failure under the same key; only successes are replayed.
 * - When the store (the primary database) fails, a keyed request is refused with 503 before the handler runs:
 *   running it unchecked could write twice, the very thing the client asked us to prevent. The write would have
 *   needed the same database, so this refuses nothing that could have succeeded.
 * - When the response cannot be stored after the handler succeeded, it is still sent (the work is done; failing it
 *   would invite the retry that duplicates it) and a warning is logged; the claim expires after `IDEMPOTENCY_LOCK_SECONDS`.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');
  private storeFailing = false;

  constructor(
    private readonly reflector: Reflector,
    private readonly store: IdempotencyStore,
    @Inject(idempotencyConfig.KEY) private readonly config: IdempotencyConfig,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http' || !this.reflector.getAllAndOverride<boolean>(IDEMPOTENT, [context.getHandler(), context.getClass()])) {
      return next.handle();
    }
    const request = context.switchToHttp().getRequest<IdempotentRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const key = parseIdempotencyKey(request.headers[IDEMPOTENCY_KEY_HEADER]);
    if (key === undefined) return next.handle();

    const scope = { userId: request.user?.id, clientIp: request.ip, method: request.method, route: request.routeOptions.url ?? '' };
    const fingerprint = requestFingerprint(request);
    const claim: Claim = {
      storageKey: storageKeyFor(scope, key),
      value: encodeRecord({ state: 'in-flight', fingerprint, token: randomUUID() }),
      fingerprint,
    };
    const existing = await this.checked(() => this.store.claim(claim.storageKey, claim.value, this.config.lockSeconds * 1_000));
    if (existing !== undefined) return of(this.answerFromRecord(decodeRecord(existing), fingerprint, reply));

    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        await this.settle(claim, reply, body);
        return body;
      }),
      catchError(async (error: unknown) => {
        await this.release(claim);
        throw error;
      }),
    );
  }

  private answerFromRecord(record: IdempotencyRecord, fingerprint: string, reply: FastifyReply): unknown {
    if (record.fingerprint !== fingerprint) {
      throw new ProblemException(422, ErrorCode.IdempotencyKeyReused, {
        detail: 'This Idempotency-Key was already used for a different request; send a new key for a new request',
      });
    }
    if (record.state === 'in-flight') {
      throw new ProblemException(409, ErrorCode.IdempotencyKeyInFlight, {
        detail: 'A request with this Idempotency-Key is still being processed; retry once it has finished',
        headers: { 'retry-after': String(IN_FLIGHT_RETRY_AFTER_SECONDS) },
      });
    }
    reply.status(record.response.status).headers({ ...record.response.headers, [IDEMPOTENT_REPLAYED_HEADER]: 'true' });
    return record.response.body;
  }

  /** Stores a success for replay; frees the key after a status >= 400 set without throwing. */
  private async settle(claim: Claim, reply: FastifyReply, body: unknown): Promise<void> {
    if (reply.statusCode >= 400) return this.release(claim);
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = reply.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    const done = encodeRecord({ state: 'done', fingerprint: claim.fingerprint, response: { status: reply.statusCode, headers, body } });
    try {
      const stored = await this.store.replace(claim.storageKey, claim.value, done, this.config.ttlSeconds * 1_000);
      if (!stored) this.logger.warn(`Idempotency claim expired before the handler finished (over ${this.config.lockSeconds} s); response not stored`);
    } catch (error) {
      this.logger.warn(`Idempotent response not stored (${reason(error)}); a retry within ${this.config.lockSeconds} s gets 409`);
    }
  }

  private async release(claim: Claim): Promise<void> {
    try {
      await this.store.release(claim.storageKey, claim.value);
    } catch (error) {
      this.logger.warn(`Idempotency key not released (${reason(error)}); it frees itself within ${this.config.lockSeconds} s`);
    }
  }

  /** Runs a store call; a failure becomes a 503 (nothing was done), warned once per outage. */
  private async checked<T>(operation: () => Promise<T>): Promise<T> {
    try {
      const result = await operation();
      if (this.storeFailing) this.logger.log('Idempotency store reachable again');
      this.storeFailing = false;
      return result;
    } catch (error) {
      if (!this.storeFailing) this.logger.warn(`Idempotency store unavailable (${reason(error)}); requests with an Idempotency-Key get 503`);
      this.storeFailing = true;
      throw new ProblemException(503, ErrorCode.IdempotencyUnavailable, {
        detail: 'The Idempotency-Key cannot be checked right now, so the request was not processed; retry later',
        headers: { 'retry-after': String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
      });
    }
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
