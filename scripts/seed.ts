// Seeds the demo (idempotent): `npm run db:seed [-- --connect-demo]`; `npm start` runs it on every start.
// --connect-demo also connects Demo AB to the emulated Nordic Demo tenant (lib/seed/demo-integration.ts).
import { parseArgs } from "node:util";
import { disconnectDb } from "@/lib/db";
import { connectDemoTenant } from "@/lib/seed/demo-integration";
import { seedPortal } from "@/lib/seed/seed-portal";

const { values } = parseArgs({ options: { "connect-demo": { type: "boolean", default: false } } });

const password = process.env.DEMO_PASSWORD;
if (!password) {
  console.error("DEMO_PASSWORD is not set (npm start generates one into .data/local-secrets.json)");
  process.exit(2);
}
try {
  const { created } = await seedPortal({ password });
  console.log(created.length ? `[seed] created ${created.join(", ")}` : "[seed] demo data already present");
  if (values["connect-demo"]) {
    const integration = await connectDemoTenant();
    console.log(`[seed] Demo AB ${integration.created ? "is now connected" : "was already connected"} to the emulated tenant: integration ${integration.id}`);
  }
} finally {
  await disconnectDb();
}
