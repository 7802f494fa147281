import fs from "node:fs";

/** Busy and total jiffies of the whole machine (all processes: the database and the emulator too). */
function machineTicks(): { busy: number; total: number } | null {
  try {
    const [cpu] = fs.readFileSync("/proc/stat", "utf8").split("\n");
    const ticks = cpu.trim().split(/\s+/).slice(1).map(Number);
    const idle = ticks[3] + (ticks[4] ?? 0);
    const total = ticks.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null; // not Linux
  }
}

/**
 * Wall time, peak resident memory (sampled: RSS peaks between samples are missed by < 20 ms), CPU time
 * of this process, and how busy the whole machine was meanwhile (100 % = every core busy).
 */
export async function measure<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; peakRssMb: number; cpuMs: number; machineBusyPct: number | null }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const ticks = machineTicks();
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    const used = process.cpuUsage(cpu);
    const after = machineTicks();
    const machineBusyPct = ticks && after ? Math.round((100 * (after.busy - ticks.busy)) / Math.max(1, after.total - ticks.total)) : null;
    return { result, ms: Math.round(performance.now() - started), peakRssMb: Math.round(peak / 1024 / 1024), cpuMs: Math.round((used.user + used.system) / 1000), machineBusyPct };
  } finally {
    clearInterval(timer);
  }
}
