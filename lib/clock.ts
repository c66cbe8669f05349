// Time is a parameter: TOTP windows, expiries and throttles take `now` so tests can move it.

export function addSeconds(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000);
}
