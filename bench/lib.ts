// Tiny benchmark helpers: every figure is printed as a ratio to a baseline measured in the same
// run on the same machine, never as an absolute time to compare across machines.
import { performance } from "node:perf_hooks";

export interface Sample {
  name: string;
  /** Operations per second. */
  rate: number;
  /** Median latency of one operation, milliseconds. */
  median: number;
  p95: number;
}

/** Runs `op` repeatedly for about `ms` milliseconds (after a warm-up) and summarises it. */
export async function measure(name: string, op: () => Promise<unknown> | unknown, ms = 1500): Promise<Sample> {
  const warmUntil = performance.now() + Math.min(300, ms / 4);
  while (performance.now() < warmUntil) await op();
  const latencies: number[] = [];
  const start = performance.now();
  while (performance.now() - start < ms) {
    const t = performance.now();
    await op();
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  const elapsed = performance.now() - start;
  return { name, rate: (latencies.length / elapsed) * 1000, median: latencies[Math.floor(latencies.length / 2)]!, p95: latencies[Math.floor(latencies.length * 0.95)]! };
}

/** Prints samples with their cost relative to `baseline` (× slower per operation). */
export function report(title: string, baseline: Sample, samples: Sample[]): void {
  console.log(`\n${title}`);
  console.log(`  ${"case".padEnd(48)} ${"ops/s".padStart(10)} ${"median".padStart(10)} ${"p95".padStart(10)}  ratio to baseline`);
  for (const sample of [baseline, ...samples]) {
    const ratio = baseline.rate / sample.rate;
    console.log(
      `  ${sample.name.padEnd(48)} ${sample.rate.toFixed(0).padStart(10)} ${`${sample.median.toFixed(3)}ms`.padStart(10)} ${`${sample.p95.toFixed(3)}ms`.padStart(10)}  ${sample === baseline ? "baseline" : `${ratio.toFixed(2)}×`}`,
    );
  }
}
