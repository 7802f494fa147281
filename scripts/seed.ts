// Seeds the demo (idempotent): `npm run db:seed`; `npm start` runs it on every start.
import { disconnectDb } from "@/lib/db";
import { seedPortal } from "@/lib/seed/seed-portal";

const password = process.env.DEMO_PASSWORD;
if (!password) {
  console.error("DEMO_PASSWORD is not set (npm start generates one into .data/local-secrets.json)");
  process.exit(2);
}
try {
  const { created } = await seedPortal({ password });
  console.log(created.length ? `[seed] created ${created.join(", ")}` : "[seed] demo data already present");
} finally {
  await disconnectDb();
}
