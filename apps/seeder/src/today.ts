/** Today's date (YYYY-MM-DD) in a time zone: the default end of a seeded data set. Reads the clock. */
export const todayIn = (timeZone: string, now: Date = new Date()): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    now,
  );
