/** Wall-clock times in a course's time zone (the builder's date inputs) ↔ instants, with Intl only. */

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

function partsIn(instant: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour"), minute: get("minute"), second: get("second") };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  const p = partsIn(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

export function isLocalDateTime(text: string): boolean {
  const m = LOCAL.exec(text);
  if (!m) return false;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60;
}

/** "2026-05-01T23:59" in America/Sao_Paulo → the instant 2026-05-02T02:59Z. */
export function zonedToInstant(local: string, timeZone: string): Date {
  if (!isLocalDateTime(local)) throw new Error(`not a local date-time (YYYY-MM-DDTHH:mm): ${local}`);
  const [, y, mo, d, h, mi] = LOCAL.exec(local)!.map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  let instant = wall - offsetAt(wall, timeZone);
  // a second pass settles times near a change of offset (daylight saving)
  instant = wall - offsetAt(instant, timeZone);
  return new Date(instant);
}

/** The instant as the zone's wall clock, "YYYY-MM-DDTHH:mm" (what <input type="datetime-local"> shows). */
export function instantToZoned(instant: Date, timeZone: string): string {
  const p = partsIn(instant.getTime(), timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}
