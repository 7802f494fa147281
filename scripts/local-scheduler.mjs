// `npm start`'s stand-in for Vercel cron: calls the cron route with the cron secret, as Vercel would.
// One call at a time: the next waits `everyMs` after the previous one has answered, so a tick that
// outlasts the interval (a large tenant's first sync takes minutes) is never joined by a second.

/**
 * Starts calling `${baseUrl}/api/cron/sync`; returns `stop()`, after which no further call starts.
 * @param {{ everyMs: number, firstAfterMs?: number, log?: (message: string) => void }} options
 */
export function startScheduler(baseUrl, cronSecret, { everyMs, firstAfterMs = 5000, log = console.log }) {
  let stopped = false;
  let timer;
  const tick = async () => {
    try {
      const res = await fetch(`${baseUrl}/api/cron/sync`, { headers: { authorization: `Bearer ${cronSecret}` } });
      const body = await res.json().catch(() => ({}));
      if (!res.ok) console.error(`[scheduler] cron route answered ${res.status}`);
      else if (body.ran?.length) log(`scheduler ran ${body.ran.length} sync(s): ${JSON.stringify(body.ran)}`);
    } catch (error) {
      console.error(`[scheduler] ${error.message}`);
    }
    if (!stopped) schedule(everyMs);
  };
  const schedule = (ms) => {
    timer = setTimeout(tick, ms);
    timer.unref();
  };
  schedule(firstAfterMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
