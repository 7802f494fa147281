import "server-only";
import type { AuthOptions } from "next-auth";
import AzureADProvider from "next-auth/providers/azure-ad";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { endSessions, findAccountForSignIn, findAccountForEntraSignIn } from "@/lib/data/accounts";
import { env } from "@/lib/env";
import { verifyPasswordOrDummy } from "./password";
import { SIGN_IN_ADDRESS_LOCKED, SIGN_IN_LOCKED } from "./sign-in-policy";
import { addressPausedUntil, beginSignInAttempt, clearSignInFailures, clientAddress, failFromAddress, failSignInAttempt } from "./sign-in-throttle";

const credentialsSchema = z.object({ email: z.email().toLowerCase(), password: z.string().min(1).max(200) });

let cached: AuthOptions | undefined;

export function authOptions(): AuthOptions {
  if (cached) return cached;
  const e = env();
  const providers: AuthOptions["providers"] = [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        // A paused address is refused before its email is counted or any password compared.
        const address = clientAddress(request?.headers);
        if (address && (await addressPausedUntil(address))) throw new Error(SIGN_IN_ADDRESS_LOCKED);
        // Counted before the compare: guesses sent side by side cannot slip past the count.
        const attempt = await beginSignInAttempt(email);
        if (!attempt.allowed) throw new Error(SIGN_IN_LOCKED);
        const account = await findAccountForSignIn(email);
        // An unknown email costs the same compare as a wrong password: no account enumeration by timing.
        const ok = await verifyPasswordOrDummy(password, account?.passwordHash ?? null);
        if (!ok || !account) {
          const addressPaused = address ? await failFromAddress(address) : null;
          if (await failSignInAttempt(email, attempt.attempt)) throw new Error(SIGN_IN_LOCKED);
          if (addressPaused) throw new Error(SIGN_IN_ADDRESS_LOCKED);
          return null;
        }
        await clearSignInFailures(email);
        return { id: account.id, email: account.email, name: account.name };
      },
    }),
  ];
  if (e.AUTH_ENTRA_ID && e.AUTH_ENTRA_SECRET) {
    providers.push(
      AzureADProvider({ clientId: e.AUTH_ENTRA_ID, clientSecret: e.AUTH_ENTRA_SECRET, tenantId: e.AUTH_ENTRA_TENANT }),
    );
  }
  cached = {
    secret: e.AUTH_SECRET,
    session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers,
    callbacks: {
      // Microsoft sign-in only admits people who already have a portal account (no self sign-up).
      async signIn({ account, profile, user }) {
        if (account?.provider !== "azure-ad") return true;
        const claims = profile as { oid?: string; tid?: string; preferred_username?: string; iss?: string; idp?: string } | undefined;
        // Bound by the user principal name, not the `email` claim: that is the directory's `mail`
        // attribute, which a tenant's admins may set to any address; a UPN must be on a domain the
        // tenant has verified. `idp` differs from `iss` only for a user from elsewhere (a guest):
        // https://learn.microsoft.com/en-us/entra/identity-platform/id-token-claims-reference
        const found = await findAccountForEntraSignIn(
          { tenantId: claims?.tid, objectId: claims?.oid, email: claims?.preferred_username, guest: claims?.idp !== undefined && claims.idp !== claims.iss },
          e.AUTH_ENTRA_TENANT,
        );
        if (!found) return "/sign-in?error=NoPortalAccount";
        user.id = found.id;
        return true;
      },
      async jwt({ token, user }) {
        // When this session signed in: `iat` does not say, next-auth renews it with the cookie.
        if (user) Object.assign(token, { sub: user.id, signedInAt: Date.now() });
        return token;
      },
      async session({ session, token }) {
        if (session.user && token.sub) Object.assign(session.user, { id: token.sub, signedInAt: token.signedInAt ?? 0 });
        return session;
      },
    },
    events: {
      // A JWT session lives in its cookie: signing out ends every session the account signed in
      // before now (getViewerById refuses them), so a copied cookie does not outlive the sign-out.
      // Only a session still valid ends them: a copy of an ended one must not sign its owner out again.
      async signOut({ token }) {
        if (token?.sub) await endSessions(token.sub, typeof token.signedInAt === "number" ? token.signedInAt : 0);
      },
    },
  };
  return cached;
}

export function isEntraSignInEnabled(): boolean {
  const e = env();
  return Boolean(e.AUTH_ENTRA_ID && e.AUTH_ENTRA_SECRET);
}
