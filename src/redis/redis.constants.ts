/** Injection token of the shared ioredis client, or `null` in single-instance mode (no Redis configured). */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
