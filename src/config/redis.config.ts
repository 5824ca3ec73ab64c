import { registerAs } from '@nestjs/config';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ConfigValidationError } from './config-validation.error';
import { readEnvironment, validateEnvironment, type Environment } from './environment';
import { ToInt, ToList } from './env-transforms';

const HOST_PORT = /^[^\s:,]+:\d{1,5}$/;

class RedisEnvironment {
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @ToList()
  @Matches(HOST_PORT, { each: true, message: 'must be a comma-separated list of host:port' })
  REDIS_SENTINELS: string[] = [];

  @IsString()
  REDIS_SENTINEL_NAME = 'mymaster';

  @ToList()
  @Matches(HOST_PORT, { each: true, message: 'must be a comma-separated list of host:port' })
  REDIS_CLUSTER_NODES: string[] = [];

  @IsOptional()
  @IsString()
  REDIS_PASSWORD?: string;

  @ToInt()
  @IsInt()
  @Min(50)
  @Max(60_000)
  REDIS_COMMAND_TIMEOUT_MS = 500;

  @ToInt()
  @IsInt()
  @Min(100)
  @Max(60_000)
  REDIS_CONNECT_TIMEOUT_MS = 2_000;

  @IsString()
  REDIS_KEY_PREFIX = 'catalog:';
}

export type RedisTopology =
  | { mode: 'single'; url: string }
  | { mode: 'sentinel'; sentinels: Array<{ host: string; port: number }>; name: string }
  | { mode: 'cluster'; nodes: Array<{ host: string; port: number }> };

function hostPort(entry: string) {
  const [host, port] = entry.split(':');
  return { host, port: Number(port) };
}

export function redisConfigFrom(env: Environment) {
  const parsed = validateEnvironment(RedisEnvironment, env);
  const chosen = [
    parsed.REDIS_URL && 'REDIS_URL',
    parsed.REDIS_SENTINELS.length && 'REDIS_SENTINELS',
    parsed.REDIS_CLUSTER_NODES.length && 'REDIS_CLUSTER_NODES',
  ].filter((name): name is string => typeof name === 'string');
  const problems: string[] = [];
  if (chosen.length > 1) problems.push(`${chosen[1]}: set only one of REDIS_URL, REDIS_SENTINELS, REDIS_CLUSTER_NODES`);
  if (env.NODE_ENV === 'production' && chosen.length === 0) {
    problems.push('REDIS_URL: required in production (or REDIS_SENTINELS / REDIS_CLUSTER_NODES); in-process stores do not scale out');
  }
  if (problems.length) throw new ConfigValidationError(problems);

  let topology: RedisTopology | undefined;
  if (parsed.REDIS_URL) topology = { mode: 'single', url: parsed.REDIS_URL };
  else if (parsed.REDIS_SENTINELS.length) topology = { mode: 'sentinel', sentinels: parsed.REDIS_SENTINELS.map(hostPort), name: parsed.REDIS_SENTINEL_NAME };
  else if (parsed.REDIS_CLUSTER_NODES.length) topology = { mode: 'cluster', nodes: parsed.REDIS_CLUSTER_NODES.map(hostPort) };

  return {
    /** Unset only outside production: caches and limits then live in this process. */
    topology,
    password: parsed.REDIS_PASSWORD,
    commandTimeoutMs: parsed.REDIS_COMMAND_TIMEOUT_MS,
    connectTimeoutMs: parsed.REDIS_CONNECT_TIMEOUT_MS,
    keyPrefix: parsed.REDIS_KEY_PREFIX,
  };
}

export const redisConfig = registerAs('redis', () => redisConfigFrom(readEnvironment()));
export type RedisConfig = ReturnType<typeof redisConfigFrom>;
