import { judgeRedisMemory, maxmemoryPolicyOf } from './redis.check';

const info = (policy: string): string =>
  `# Memory\r\nused_memory:1000\r\nmaxmemory:0\r\nmaxmemory_policy:${policy}\r\nallocator_frag_ratio:1.0\r\n`;

describe(judgeRedisMemory.name, () => {
  it('passes noeviction', () => {
    expect(maxmemoryPolicyOf(info('noeviction'))).toBe('noeviction');
    expect(judgeRedisMemory(info('noeviction')).ok).toBe(true);
  });

  it('fails allkeys-lru: queued jobs can be evicted', () => {
    const sut = judgeRedisMemory(info('allkeys-lru'));
    expect(sut.ok).toBe(false);
    expect(sut.detail).toContain('allkeys-lru');
    expect(sut.fix).toContain('maxmemory-policy noeviction');
  });

  it('fails when INFO does not tell the policy', () => {
    expect(judgeRedisMemory('# Memory\r\nused_memory:1\r\n').ok).toBe(false);
  });
});
