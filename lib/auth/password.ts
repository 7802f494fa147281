import bcrypt from "bcryptjs";

const COST = 12;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

let dummyHash: Promise<string> | undefined;

/**
 * Like verifyPassword, but for a sign-in whose account may not exist (`hash` null): it then compares
 * against a dummy hash of the same cost and refuses, so an unknown email takes as long as a wrong password.
 */
export async function verifyPasswordOrDummy(password: string, hash: string | null): Promise<boolean> {
  if (hash !== null) return verifyPassword(password, hash);
  dummyHash ??= hashPassword("dummy password for unknown accounts");
  await verifyPassword(password, await dummyHash);
  return false;
}
