import { poolExhaustion } from './pool-exhaustion';
import { primaryRestart } from './primary-restart';
import { promotion } from './promotion';
import { redisOutage } from './redis-outage';
import { replicaOutage } from './replica-outage';
import { rollingRestart } from './rolling-restart';
import type { Scenario } from './scenario';
import { steadyState } from './steady-state';

/** In this order: the promotion leaves no replica, so it comes last. */
export const SCENARIOS: Scenario[] = [steadyState, rollingRestart, redisOutage, replicaOutage, poolExhaustion, primaryRestart, promotion];
