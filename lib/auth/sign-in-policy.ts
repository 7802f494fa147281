// Shared by the server (lib/auth/sign-in-throttle.ts) and the sign-in form: no server-only imports.

/** Wrong passwords allowed per email within `windowMs` before it is locked for `lockMs`. */
export const SIGN_IN_THROTTLE = { maxFailures: 10, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

/** Thrown from `authorize` for a locked email; next-auth hands it to the sign-in form as the error code. */
export const SIGN_IN_LOCKED = "SignInLocked";

export const SIGN_IN_LOCKED_MESSAGE =
  `Too many wrong passwords for this email. Sign-in is paused for ${SIGN_IN_THROTTLE.lockMs / 60_000} minutes: ` +
  "try again then, or ask your administrator to check your account.";
