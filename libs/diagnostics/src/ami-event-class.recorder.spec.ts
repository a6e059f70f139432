import { AmiEventClassRecorder, EVENT_CLASS_WRITE_INTERVAL_MS, type EventClassStore } from './ami-event-class.recorder';

class MemoryStore implements EventClassStore {
  readonly writes: string[] = [];
  failNext = false;

  async recordLogin(pbxId: string, atMs: number): Promise<void> {
    this.writes.push(`${pbxId} login ${atMs}`);
  }

  async recordClass(pbxId: string, eventClass: string, atMs: number): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('redis away');
    }
    this.writes.push(`${pbxId} ${eventClass} ${atMs}`);
  }
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe(AmiEventClassRecorder.name, () => {
  let now: number;
  let store: MemoryStore;
  let errors: unknown[];
  let sut: AmiEventClassRecorder;

  beforeEach(() => {
    now = 1_000;
    store = new MemoryStore();
    errors = [];
    sut = new AmiEventClassRecorder(
      store,
      (error) => errors.push(error),
      () => now,
    );
  });

  it('writes each class at most once per interval and PBX', async () => {
    sut.seen('office', 'call,all');
    sut.seen('office', 'call,all');
    sut.seen('office', 'dialplan,all');
    sut.seen('branch', 'call,all');
    now += EVENT_CLASS_WRITE_INTERVAL_MS - 1;
    sut.seen('office', 'call,all');
    now += 1;
    sut.seen('office', 'call,all');
    await flush();
    expect(store.writes).toEqual([
      'office call 1000',
      'office dialplan 1000',
      'branch call 1000',
      `office call ${1000 + EVENT_CLASS_WRITE_INTERVAL_MS}`,
    ]);
  });

  it('writes the first events after a login even within the interval', async () => {
    sut.seen('office', 'call,all');
    now += 10;
    sut.loggedIn('office');
    sut.seen('office', 'call,all');
    await flush();
    expect(store.writes).toEqual(['office call 1000', 'office login 1010', 'office call 1010']);
  });

  it('reports a failed write and tries again with the next event', async () => {
    store.failNext = true;
    sut.seen('office', 'call,all');
    await flush();
    sut.seen('office', 'call,all');
    await flush();
    expect(errors).toHaveLength(1);
    expect(store.writes).toEqual(['office call 1000']);
  });
});
