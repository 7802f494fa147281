// Shared by the server (lib/auth/sign-in-throttle.ts) and the sign-in form: no server-only imports.

/** Wrong passwords allowed per email within `windowMs` before it is locked for `lockMs`. */
export const SIGN_IN_THROTTLE = { maxFailures: 10, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

/**
 * Wrong passwords allowed per client address within `windowMs` before sign-in from it pauses for
 * `lockMs`, whatever the emails: one guess each against many emails ("password spraying") never pauses
 * an email. Generous, since an office's colleagues may share one address.
 */
export const SIGN_IN_ADDRESS_THROTTLE = { maxFailures: 50, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

/** Thrown from `authorize` when the client's address is paused. */
export const SIGN_IN_ADDRESS_LOCKED = "SignInAddressLocked";

export const SIGN_IN_ADDRESS_LOCKED_MESSAGE =
  `Too many failed sign-ins from your network. Sign-in from it is paused for ${SIGN_IN_ADDRESS_THROTTLE.lockMs / 60_000} minutes.`;

/** Thrown from `authorize` for a locked email; next-auth hands it to the sign-in form as the error code. */
export const SIGN_IN_LOCKED = "SignInLocked";

export const SIGN_IN_LOCKED_MESSAGE =
  `Too many wrong passwords for this email. Sign-in is paused for ${SIGN_IN_THROTTLE.lockMs / 60_000} minutes: ` +
  "try again then, or ask your administrator to check your account.";
