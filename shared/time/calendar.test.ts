import { describe, expect, it } from 'vitest';
import { addDays, addMonths, itemsByDay, monthGrid, todayIn, weekOf, weekStart } from './calendar';

describe('calendar days', () => {
  it('adds days across months, years and a leap day', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    // The days a DST switch shortens or lengthens somewhere are whole days here.
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
  });

  it('starts weeks on Monday and covers a month with whole weeks', () => {
    expect(weekStart('2026-11-29')).toBe('2026-11-23'); // a Sunday
    expect(weekStart('2026-11-30')).toBe('2026-11-30'); // a Monday
    expect(weekOf('2026-12-02')).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
    const november = monthGrid('2026-11-17');
    expect(november).toHaveLength(6);
    expect(november[0]![0]).toBe('2026-10-26');
    expect(november.at(-1)!.at(-1)).toBe('2026-12-06');
    // February 2027 starts on a Monday and fills exactly four weeks.
    expect(monthGrid('2027-02-10')).toHaveLength(4);
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-01');
    expect(addMonths('2026-01-31', -1)).toBe('2025-12-01');
  });

  it("reads today where the reader is, not where the machine is", () => {
    const instant = Date.UTC(2026, 10, 29, 20, 0); // Sun 29 Nov 20:00 UTC
    expect(todayIn('Asia/Tokyo', instant)).toBe('2026-11-30');
    expect(todayIn('Europe/London', instant)).toBe('2026-11-29');
    expect(todayIn('Pacific/Pago_Pago', instant)).toBe('2026-11-29');
  });

  it('puts an item on every day from its start to its due date, clipped to the days shown', () => {
    const items = [
      { id: 'span', startDate: '2026-11-28', dueDate: '2026-12-02' },
      { id: 'due only', startDate: null, dueDate: '2026-12-01' },
      { id: 'start after due', startDate: '2026-12-05', dueDate: '2026-12-01' },
      { id: 'no date', startDate: '2026-12-01', dueDate: null },
    ];
    const days = itemsByDay(items, '2026-11-30', '2026-12-06');
    const on = (day: string) => (days.get(day) ?? []).map((item) => item.id);
    expect(on('2026-11-30')).toEqual(['span']);
    expect(on('2026-12-01')).toEqual(['span', 'due only', 'start after due']);
    expect(on('2026-12-02')).toEqual(['span']);
    expect(on('2026-12-03')).toEqual([]);
    expect([...days.keys()].every((day) => day >= '2026-11-30')).toBe(true);
  });
});
