import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { uniqueId } from "@/lib/testing/fixtures";
import { hashPassword } from "./password";
import { SIGN_IN_ADDRESS_LOCKED, SIGN_IN_ADDRESS_THROTTLE } from "./sign-in-policy";

// Without a limit per client address, one guess each against many emails ("password spraying")
// never pauses any email, and every guess costs the server a bcrypt compare.

const saved = { ...process.env };
afterAll(() => {
  process.env = { ...saved };
});

type Authorize = (credentials: Record<string, string>, request: { headers: Record<string, string> }) => Promise<{ id: string } | null>;

async function authorize(): Promise<Authorize> {
  vi.resetModules();
  const { authOptions } = await import("./options");
  return (authOptions().providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;
}

/** An address of the documentation range (RFC 3849) no earlier run of this file used. */
const documentationAddress = () => `2001:db8::${randomBytes(2).toString("hex")}:${randomBytes(2).toString("hex")}`;

/** The address's failure count, set as if `failures` wrong passwords had just come from it. */
async function failedFrom(address: string, failures: number) {
  await db.signInThrottle.create({ data: { email: `address:${address}`, failures, windowStartedAt: new Date() } });
}

describe("sign-in limit per client address", () => {
  it("pauses an address after the wrong passwords its window allows, whatever the emails, and refuses it before any compare", async () => {
    const signIn = await authorize();
    const password = "right-password-1";
    const { email } = await db.account.create({ data: { email: `${uniqueId("colleague")}@example.test`, name: "C", passwordHash: await hashPassword(password) } });
    const address = documentationAddress();
    // What a proxy in front of the portal passes on: the client's own (made-up) entries, then the address it saw.
    const from = (ip: string) => ({ headers: { "x-forwarded-for": `${documentationAddress()}, ${ip}` } });
    await failedFrom(address, SIGN_IN_ADDRESS_THROTTLE.maxFailures - 1);

    // The last wrong password the window allows, for an email never tried before: the address pauses.
    await expect(signIn({ email: `${uniqueId("sprayed")}@example.test`, password: "guess" }, from(address))).rejects.toThrow(SIGN_IN_ADDRESS_LOCKED);
    expect(await db.auditEvent.count({ where: { action: "sign-in.address-locked", target: address } })).toBe(1);
    // A new made-up first entry per request changes nothing: the address the proxy saw is paused.
    await expect(signIn({ email: `${uniqueId("sprayed")}@example.test`, password: "guess" }, from(address))).rejects.toThrow(SIGN_IN_ADDRESS_LOCKED);
    // Now even the right password from that address is refused, and its email is not counted.
    await expect(signIn({ email, password }, from(address))).rejects.toThrow(SIGN_IN_ADDRESS_LOCKED);
    expect(await db.signInThrottle.findUnique({ where: { email } })).toBeNull();
    // Another address signs in as usual.
    expect(await signIn({ email, password }, from(documentationAddress()))).toMatchObject({ email });
  });

  it("counts only wrong passwords: colleagues signing in from one office do not pause it", async () => {
    const signIn = await authorize();
    const password = "right-password-2";
    const { email } = await db.account.create({ data: { email: `${uniqueId("office")}@example.test`, name: "O", passwordHash: await hashPassword(password) } });
    const address = documentationAddress();
    await failedFrom(address, SIGN_IN_ADDRESS_THROTTLE.maxFailures - 1);
    for (let i = 0; i < 3; i++) expect(await signIn({ email, password }, { headers: { "x-forwarded-for": address } })).toMatchObject({ email });
    expect(await db.signInThrottle.findUniqueOrThrow({ where: { email: `address:${address}` } })).toMatchObject({ failures: SIGN_IN_ADDRESS_THROTTLE.maxFailures - 1, lockedUntil: null });
  });
});
