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

/** /proc reports process times in USER_HZ, which Linux fixes at 100 per second for user space. */
const TICK_MS = 10;

type ProcStat = { pid: number; comm: string; ppid: number; own: number; children: number };

/** Every process's CPU ticks: its own (user + system) and its waited-for children's. Linux only. */
function processStats(): ProcStat[] {
  const stats: ProcStat[] = [];
  let pids: string[];
  try {
    pids = fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return stats;
  }
  for (const pid of pids) {
    try {
      const line = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      // The command name is in parentheses and may contain spaces: fields are counted after the last ")".
      const close = line.lastIndexOf(")");
      const fields = line.slice(close + 2).split(" ");
      stats.push({
        pid: Number(pid),
        comm: line.slice(line.indexOf("(") + 1, close),
        ppid: Number(fields[1]),
        own: Number(fields[11]) + Number(fields[12]),
        children: Number(fields[13]) + Number(fields[14]),
      });
    } catch {
      // the process ended while being read
    }
  }
  return stats;
}

/**
 * CPU ticks of a local PostgreSQL: every live `postgres` process, plus what the postmaster has
 * collected from backends that have exited (a pool closes idle connections during a long run).
 */
function postgresTicks(stats: ProcStat[]): number | null {
  const postgres = stats.filter((p) => p.comm === "postgres");
  if (postgres.length === 0) return null;
  const pids = new Set(postgres.map((p) => p.pid));
  return postgres.reduce((sum, p) => sum + p.own + (pids.has(p.ppid) ? 0 : p.children), 0);
}

/** CPU ticks of a process and all its descendants (the emulator runs under a launcher). */
function treeTicks(stats: ProcStat[], root: number): number | null {
  const inTree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of stats) {
      if (!inTree.has(p.pid) && inTree.has(p.ppid)) {
        inTree.add(p.pid);
        grew = true;
      }
    }
  }
  const members = stats.filter((p) => inTree.has(p.pid));
  return members.length ? members.reduce((sum, p) => sum + p.own, 0) : null;
}

export type OtherProcesses = {
  /** Count a local PostgreSQL's CPU (DATABASE_URL on this machine). */
  postgres?: boolean;
  /** The emulator's process id, to count its CPU. */
  emulatorPid?: number;
};

function otherTicks(others: OtherProcesses) {
  const stats = others.postgres || others.emulatorPid ? processStats() : [];
  return {
    database: others.postgres ? postgresTicks(stats) : null,
    emulator: others.emulatorPid ? treeTicks(stats, others.emulatorPid) : null,
  };
}

const deltaMs = (before: number | null, after: number | null) => (before === null || after === null ? null : (after - before) * TICK_MS);

/**
 * Wall time, peak resident memory (sampled: RSS peaks between samples are missed by < 20 ms), CPU time
 * of this process, how busy the whole machine was meanwhile (100 % = every core busy), and the CPU
 * time the database and the emulator spent meanwhile, where they run on this machine.
 */
export async function measure<T>(
  work: () => Promise<T>,
  others: OtherProcesses = {},
): Promise<{ result: T; ms: number; peakRssMb: number; cpuMs: number; machineBusyPct: number | null; databaseCpuMs: number | null; emulatorCpuMs: number | null }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const ticks = machineTicks();
  const othersBefore = otherTicks(others);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    const used = process.cpuUsage(cpu);
    const after = machineTicks();
    const othersAfter = otherTicks(others);
    const machineBusyPct = ticks && after ? Math.round((100 * (after.busy - ticks.busy)) / Math.max(1, after.total - ticks.total)) : null;
    return {
      result,
      ms: Math.round(performance.now() - started),
      peakRssMb: Math.round(peak / 1024 / 1024),
      cpuMs: Math.round((used.user + used.system) / 1000),
      machineBusyPct,
      databaseCpuMs: deltaMs(othersBefore.database, othersAfter.database),
      emulatorCpuMs: deltaMs(othersBefore.emulator, othersAfter.emulator),
    };
  } finally {
    clearInterval(timer);
  }
}
