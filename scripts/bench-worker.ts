// One benchmark phase (lib/bench/phase.ts), its result as the last stdout line. scripts/bench.ts
// compiles this file to plain JavaScript and runs it in a fresh Node process per phase, as production
// runs compiled code: no TypeScript loader in the measured process. The request (with the emulator
// app's secret) comes through the environment, not the command line that `ps` shows.
import { runPhase, type PhaseRequest } from "../lib/bench/phase";

console.log(JSON.stringify(await runPhase(JSON.parse(process.env.BENCH_PHASE ?? "{}") as PhaseRequest)));
process.exit(0);
