import { registerAs } from '@nestjs/config';
import { IsInt, Max, Min } from 'class-validator';
import { readEnvironment, validateEnvironment, type Environment } from './environment';
import { ToInt } from './env-transforms';

class ChangeFeedEnvironment {
  /**
   * How long change events stay readable in the feed; a consumer further behind gets 410 and resyncs. Events not
   * yet handed to webhook deliveries are kept however old they are.
   */
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(3_650)
  CHANGE_FEED_RETENTION_DAYS = 7;
}

export function changeFeedConfigFrom(env: Environment) {
  const parsed = validateEnvironment(ChangeFeedEnvironment, env);
  return { retentionDays: parsed.CHANGE_FEED_RETENTION_DAYS };
}

export const changeFeedConfig = registerAs('changeFeed', () => changeFeedConfigFrom(readEnvironment()));
export type ChangeFeedConfig = ReturnType<typeof changeFeedConfigFrom>;
