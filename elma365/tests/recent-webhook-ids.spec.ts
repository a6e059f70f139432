import { RecentWebhookIds } from '../src/recent-webhook-ids';

describe('RecentWebhookIds', () => {
  it('forgets the least recently added id beyond its capacity', () => {
    const sut = new RecentWebhookIds(2);

    sut.add('a');
    sut.add('b');
    sut.add('a');
    sut.add('c');

    expect([sut.has('a'), sut.has('b'), sut.has('c')]).toEqual([true, false, true]);
  });
});
