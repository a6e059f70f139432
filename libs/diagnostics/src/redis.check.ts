import { type DiagnosticCheck, failed, passed, reasonOf } from './diagnostic-check';
import { diagnosticsRedis } from './diagnostics-sources';

const HEADING = { id: 'redis', title: 'Redis reachable and never evicting' };

/** `maxmemory_policy:allkeys-lru` out of `INFO memory` (managed Redis may refuse CONFIG GET, never INFO). */
export function maxmemoryPolicyOf(info: string): string | undefined {
  return /^maxmemory_policy:(\S+)\s*$/m.exec(info)?.[1];
}

export function judgeRedisMemory(info: string): DiagnosticCheck {
  const policy = maxmemoryPolicyOf(info);
  if (policy === 'noeviction') return passed(HEADING, 'reachable; maxmemory-policy noeviction');
  return failed(
    HEADING,
    policy === undefined
      ? 'reachable, but INFO memory does not say the maxmemory-policy'
      : `maxmemory-policy is ${policy}: when Redis fills up it deletes keys, and queued call events and deliveries with them`,
    "set maxmemory-policy noeviction (redis.conf, or the managed service's parameter group) and give Redis enough memory",
  );
}

/** One short-lived connection that gives up at once instead of retrying for ever. */
export async function checkRedis(url: string, timeoutMs = 5_000): Promise<DiagnosticCheck> {
  const redis = diagnosticsRedis(url, timeoutMs);
  try {
    await redis.connect();
    return judgeRedisMemory(await redis.info('memory'));
  } catch (error) {
    return failed(
      HEADING,
      `cannot reach Redis at ${where(url)}: ${reasonOf(error)}`,
      'check REDIS_URL (host, port, password, database) and that Redis is running',
    );
  } finally {
    redis.disconnect();
  }
}

/** host:port/db, never the password */
function where(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}${parsed.pathname}`;
  } catch {
    return '(unparsable REDIS_URL)';
  }
}
