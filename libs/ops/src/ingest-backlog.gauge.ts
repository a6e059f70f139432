import { Gauge, type Registry } from 'prom-client';

/** Call events the ingest holds because Redis did not take them yet: non-zero only while Redis is away. */
export function registerIngestBacklogGauge(registry: Registry, heldEvents: () => number): void {
  new Gauge({
    name: 'connector_ingest_events_held',
    help: 'Call events held by ingest until Redis takes them (non-zero while Redis is unreachable)',
    registers: [registry],
    collect() {
      // A sink that cannot tell (a test's, say) must not fail the whole scrape.
      const held = heldEvents();
      if (Number.isFinite(held)) this.set(held);
    },
  });
}
