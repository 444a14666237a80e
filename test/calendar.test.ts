import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { partyCentralId } from '../lib/org-ids.js';
import { editor, startFixtureHub, tearDown, type Hub, type TestDatabase } from './harness.js';

/** China's calendar through the hub: "today" is the day in Beijing (UTC+8), whatever the server's zone. */
describe('a record dated today at 01:00 Beijing time', () => {
  let db: TestDatabase;
  let hub: Hub;
  beforeAll(async () => {
    ({ db, hub } = await startFixtureHub());
  }, 120_000);
  afterEach(() => vi.useRealTimers());
  afterAll(() => tearDown(db, hub));

  const TRIP = `mutation($input: RecordSupervisionTripInput!) { recordSupervisionTrip(input: $input) { id startDate } }`;
  const trip = (day: string) => ({
    input: { assignmentId: 'parties-sup-minjin-43', startDate: day, endDate: day, placesVisited: ['431027'], participants: 3, findings: 'calendar' },
  });
  const minjin = editor(partyCentralId('minjin'), { sub: 'minjin-central' });

  it('is accepted (the UTC day is still yesterday), and tomorrow is refused as in the future', async () => {
    // 2019-06-01 17:30 UTC is 2019-06-02 01:30 in Beijing.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2019-06-01T17:30:00Z'));
    const accepted = await hub.query(TRIP, trip('2019-06-02'), minjin);
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data!.recordSupervisionTrip.startDate).toBe('2019-06-02');
    const refused = await hub.query(TRIP, trip('2019-06-03'), minjin);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'not-future' });
  });
});
