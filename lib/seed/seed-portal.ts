import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { demoSwitchboardUsers } from "@/lib/demo/demo-directory";
import { DEMO_ACCOUNTS, DEMO_SOLUTION, FJORDLINE_SOLUTION } from "./constants";
import { FJORDLINE_USERS } from "./fjordline";
import { createSwitchboardUsers } from "./seed-users";

/**
 * Idempotent demo seed. Solutions and their users are created once (a later sync edits them and a
 * restart must not undo that); the demo logins are upserted so they always take the current password.
 */
export async function seedPortal({ password }: { password: string }) {
  const created: string[] = [];
  for (const solution of [DEMO_SOLUTION, FJORDLINE_SOLUTION]) {
    if (await db.solution.findUnique({ where: { id: solution.id }, select: { id: true } })) continue;
    await db.solution.create({ data: solution });
    const users = solution.id === DEMO_SOLUTION.id ? demoSwitchboardUsers() : FJORDLINE_USERS;
    await createSwitchboardUsers(solution, users);
    created.push(`${solution.name} (${users.length} users)`);
  }
  for (const account of Object.values(DEMO_ACCOUNTS)) await upsertAccount(account, password);
  return { created };
}

async function upsertAccount(
  account: { email: string; name: string; isSupport: boolean; solutionId: string | null },
  password: string,
) {
  const passwordHash = await hashPassword(password);
  const saved = await db.account.upsert({
    where: { email: account.email },
    create: { email: account.email, name: account.name, isSupport: account.isSupport, passwordHash },
    update: { name: account.name, isSupport: account.isSupport, passwordHash },
    select: { id: true },
  });
  if (account.solutionId) {
    await db.membership.upsert({
      where: { accountId_solutionId: { accountId: saved.id, solutionId: account.solutionId } },
      create: { accountId: saved.id, solutionId: account.solutionId },
      update: {},
    });
  }
}
