import { useId } from "react";
import styles from "./api-keys.module.css";

const BAR = 10;
const GAP = 2;
const HEIGHT = 40;

/**
 * Requests per day as a row of bars, the last day rightmost. The caption is its text
 * alternative (total and busiest day); each bar carries its own day and count as a tooltip.
 */
export function UsageChart({ days }: { days: ReadonlyArray<{ day: string; requests: number }> }) {
  const captionId = useId();
  const total = days.reduce((sum, day) => sum + day.requests, 0);
  const busiest = days.reduce((best, day) => (day.requests > best.requests ? day : best), days[0] ?? { day: "", requests: 0 });
  const scale = Math.max(busiest.requests, 1);
  const summary =
    total === 0
      ? `No requests in the last ${days.length} days.`
      : `${total.toLocaleString("en-GB")} request${total === 1 ? "" : "s"} in the last ${days.length} days; the busiest day, ${busiest.day}, had ${busiest.requests.toLocaleString("en-GB")}.`;
  return (
    <figure className={styles.usage}>
      <figcaption id={captionId}>Requests per day: {summary}</figcaption>
      <svg role="img" aria-labelledby={captionId} viewBox={`0 0 ${days.length * (BAR + GAP)} ${HEIGHT}`} preserveAspectRatio="none">
        {days.map((day, index) => {
          // An empty day still shows a sliver, so the row reads as 30 days.
          const height = day.requests === 0 ? 1 : Math.max(2, (day.requests / scale) * HEIGHT);
          return (
            <rect key={day.day} className={day.requests === 0 ? styles.empty : undefined} x={index * (BAR + GAP)} y={HEIGHT - height} width={BAR} height={height}>
              <title>{`${day.day}: ${day.requests} request${day.requests === 1 ? "" : "s"}`}</title>
            </rect>
          );
        })}
      </svg>
    </figure>
  );
}
