/** Milliseconds per phase of a run, kept in the run's details: support sees where a slow run spent its time. */
export function createStopwatch() {
  const phases: Record<string, number> = {};
  async function time<T>(name: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      phases[name] = (phases[name] ?? 0) + Math.round(performance.now() - started);
    }
  }
  return { phases, time };
}

export type Stopwatch = ReturnType<typeof createStopwatch>;
