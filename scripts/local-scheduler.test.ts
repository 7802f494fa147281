import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, it } from "vitest";
import { startScheduler } from "./local-scheduler.mjs";

// `npm start`'s scheduler stands in for Vercel cron. Ticks that overlapped would run side by side in
// one process on one embedded database while a large tenant's first sync takes minutes.

it("never has two cron calls in flight when a tick takes longer than its interval, and stops when told", async () => {
  let inFlight = 0;
  let most = 0;
  let calls = 0;
  const authorizations = new Set<string | undefined>();
  // A cron route whose tick takes 300 ms, five times the scheduler's interval.
  const server = createServer((req, res) => {
    calls++;
    inFlight++;
    most = Math.max(most, inFlight);
    authorizations.add(req.headers.authorization);
    setTimeout(() => {
      inFlight--;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ due: 0, leftForNextTick: 0, ran: [] }));
    }, 300);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const keepAlive = setInterval(() => {}, 50); // the scheduler's timers do not hold the process open
  try {
    const stop = startScheduler(`http://127.0.0.1:${port}`, "a-cron-secret-for-the-test", { everyMs: 60, firstAfterMs: 0, log: () => {} });
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    stop();
    const atStop = calls;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(most).toBe(1);
    expect(atStop).toBeGreaterThanOrEqual(3); // it keeps calling, one after another
    expect(calls).toBe(atStop); // the call in flight at stop had arrived already; none starts after it
    expect([...authorizations]).toEqual(["Bearer a-cron-secret-for-the-test"]);
  } finally {
    clearInterval(keepAlive);
    server.closeAllConnections();
    server.close();
  }
});
