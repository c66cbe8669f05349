import Link from "next/link";
import { pageQuerySchema } from "@/lib/validation";

// Pieces every console list shares: reading the query string, a search box, paging, dates.

export type SearchParams = Record<string, string | string[] | undefined>;

/** Rows per page of a console list. */
export const PAGE_SIZE = 20;

/** One query parameter (the first when repeated), trimmed; undefined when absent or empty. */
export function param(params: SearchParams, name: string): string | undefined {
  const value = params[name];
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  return text ? text : undefined;
}

/** Where the list starts (`?offset=`, by the API's paging rules); the start when missing or invalid. */
export function offsetOf(params: SearchParams): number {
  const parsed = pageQuerySchema.shape.offset.safeParse(param(params, "offset"));
  return parsed.success ? parsed.data : 0;
}

/** The query string of `filters` without empty values, for links that keep a list's filters. */
export function queryOf(filters: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value !== undefined && value !== "" && value !== 0) query.set(name, String(value));
  return query.size ? `?${query}` : "";
}

/** A list's search box: a GET form, so the search is in the address and a link keeps it. */
export function SearchBox({ label, name = "q", value, placeholder }: { label: string; name?: string; value: string | undefined; placeholder?: string }) {
  return (
    <form role="search" method="get" className="search-box" aria-label={label}>
      <div className="field">
        <label htmlFor={`search-${name}`}>{label}</label>
        <input id={`search-${name}`} type="search" name={name} defaultValue={value} maxLength={100} placeholder={placeholder} />
      </div>
      <button type="submit">Search</button>
    </form>
  );
}

/** Previous / next links and where this page sits in the list. */
export function Pager({ path, filters, offset, total, label }: { path: string; filters: Record<string, string | undefined>; offset: number; total: number; label: string }) {
  if (total === 0) return null;
  const last = Math.min(offset + PAGE_SIZE, total);
  const href = (start: number) => `${path}${queryOf({ ...filters, offset: start })}`;
  return (
    <nav className="pager" aria-label={`${label}, pages`}>
      <p>
        Showing {Math.min(offset + 1, total)}–{last} of {total}
      </p>
      {offset > 0 && (
        <Link href={href(Math.max(0, offset - PAGE_SIZE))} rel="prev">
          Previous
        </Link>
      )}
      {last < total && (
        <Link href={href(offset + PAGE_SIZE)} rel="next">
          Next
        </Link>
      )}
    </nav>
  );
}

const DATE_TIME = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** A moment, in UTC (the console's one time zone, as the audit filters are). */
export function When({ at }: { at: Date | string | null }) {
  if (at === null) return <>never</>;
  const date = typeof at === "string" ? new Date(at) : at;
  return <time dateTime={date.toISOString()}>{DATE_TIME.format(date)} UTC</time>;
}
