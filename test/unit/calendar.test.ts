import { describe, expect, it } from 'vitest';
import { currentYear, today } from '../../lib/calendar.js';

/** China's calendar: "today" is the day in Beijing (UTC+8), whatever the server's zone. */
describe('lib/calendar', () => {
  it('gives the day and year in Beijing', () => {
    expect(today(new Date('2019-06-01T15:59:59Z'))).toBe('2019-06-01');
    expect(today(new Date('2019-06-01T16:00:00Z'))).toBe('2019-06-02');
    expect(today(new Date('2019-12-31T17:30:00Z'))).toBe('2020-01-01');
    expect(currentYear(new Date('2019-12-31T15:59:59Z'))).toBe(2019);
    expect(currentYear(new Date('2019-12-31T16:00:00Z'))).toBe(2020);
  });
});
