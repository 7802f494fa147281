// Seeds the demo (idempotent): `npm run db:seed [-- --connect-demo]`; `npm start` runs it on every start.
// --connect-demo also connects Demo AB to the emulated Nordic Demo tenant (lib/seed/demo-integration.ts).
// --check-only only reads: exits 3 with the reason when the database would be refused, 0 otherwise (npm start
// runs it before it migrates a PostgreSQL database, so a refused one is left exactly as it was).
import { parseArgs } from "node:util";
import { db, disconnectDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { DEMO_SOLUTION, FJORDLINE_SOLUTION } from "@/lib/seed/constants";
import { connectDemoTenant } from "@/lib/seed/demo-integration";
import { seedPortal } from "@/lib/seed/seed-portal";

const { values } = parseArgs({
  options: { "connect-demo": { type: "boolean", default: false }, "check-only": { type: "boolean", default: false } },
});

/**
 * The demo launcher pointed at a real PostgreSQL database would add demo logins to it, one of them a
 * support login that reads every customer (and npm start would sync its integrations against the
 * emulator): a database holding solutions that are not the demo's is refused, with the reason. Only
 * reads, and works on a database not migrated yet (no "Solution" table: nothing to refuse).
 */
async function refusal(): Promise<string | null> {
  if (!/^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "")) return null;
  let others: number;
  try {
    others = await db.solution.count({ where: { id: { notIn: [DEMO_SOLUTION.id, FJORDLINE_SOLUTION.id] } } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2021") return null; // table does not exist
    throw error;
  }
  if (others === 0) return null;
  return (
    `[seed] refused: this PostgreSQL database already holds ${others} solution(s) besides the demo's. npm start and ` +
    "npm run db:seed are the local demo and would add demo logins to it, one of them a support login that reads every " +
    "customer. Point DATABASE_URL at an empty database, or leave it unset for the embedded one."
  );
}

const password = process.env.DEMO_PASSWORD;
if (!password && !values["check-only"]) {
  console.error("DEMO_PASSWORD is not set (npm start generates one into .data/local-secrets.json)");
  process.exit(2);
}
try {
  const refused = await refusal();
  if (refused) {
    console.error(refused);
    process.exitCode = 3;
  } else if (password && !values["check-only"]) {
    const { created } = await seedPortal({ password });
    console.log(created.length ? `[seed] created ${created.join(", ")}` : "[seed] demo data already present");
    if (values["connect-demo"]) {
      const integration = await connectDemoTenant();
      console.log(`[seed] Demo AB ${integration.created ? "is now connected" : "was already connected"} to the emulated tenant: integration ${integration.id}`);
    }
  }
} catch (error) {
  // What a person can act on (a database another process holds, a missing setting), without a stack.
  console.error(`[seed] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await disconnectDb().catch(() => {});
}
