import bcrypt from "bcryptjs";

const COST = 12;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/**
 * A bcrypt hash, at COST, of a random password nobody has (generated once, then discarded): an unknown
 * email is compared against it. A constant rather than a hash made at first use, which would make the
 * first unknown-email sign-in after a start take twice as long as a wrong password.
 */
export const DUMMY_HASH = "$2b$12$dSHn6WbPmKx2kppxIM.jLuHr5cF63odozsLKhiJzxEvXdrQ77AbXO";

/**
 * Like verifyPassword, but for a sign-in whose account may not exist (`hash` null): it then compares
 * against a dummy hash of the same cost and refuses, so an unknown email takes as long as a wrong password.
 */
export async function verifyPasswordOrDummy(password: string, hash: string | null): Promise<boolean> {
  if (hash !== null) return verifyPassword(password, hash);
  await verifyPassword(password, DUMMY_HASH);
  return false;
}
