import type { Queue } from 'bullmq';
import { loadConfig } from '@app/config';
import { DeliveryMetrics } from '@app/ops';
import { type DeliveryBudgetStore } from '@app/queue';
import { DeliveryBudget } from './delivery-budget.service';
import { DeliveryTarget } from '@app/deliveries';

describe(DeliveryBudget.name, () => {
  it("counts every request under ELMA365's answer: the HTTP status, 2xx when none is reported, no_answer", async () => {
    const metrics = new DeliveryMetrics();
    const store = { recordRequest: jest.fn().mockResolvedValue(undefined) };
    const sut = new DeliveryBudget(
      loadConfig({}),
      store as unknown as DeliveryBudgetStore,
      metrics,
      {} as unknown as Queue,
    );

    await sut.requestSent(DeliveryTarget.Elma365Webhook, 'live', 200);
    await sut.requestSent(DeliveryTarget.Elma365Webhook, 'live', 429);
    await sut.requestSent(DeliveryTarget.Elma365Webhook, 'live', 429);
    await sut.requestSent(DeliveryTarget.Elma365Generic, 'record', null);
    await sut.requestSent(DeliveryTarget.Elma365Webhook, 'record', undefined);

    const { values } = await metrics.requests.get();
    expect(values.map((v) => ({ ...v.labels, n: v.value }))).toEqual([
      { target: 'elma365-webhook', kind: 'live', status: '200', n: 1 },
      { target: 'elma365-webhook', kind: 'live', status: '429', n: 2 },
      { target: 'elma365-generic', kind: 'record', status: '2xx', n: 1 },
      { target: 'elma365-webhook', kind: 'record', status: 'no_answer', n: 1 },
    ]);
    expect(store.recordRequest).toHaveBeenCalledTimes(5);
  });
});
