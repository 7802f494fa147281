import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { homePath } from "@/lib/auth/access";
import { isEntraSignInEnabled } from "@/lib/auth/options";
import { getViewer } from "@/lib/auth/session";
import { SIGN_IN_ADDRESS_LOCKED, SIGN_IN_ADDRESS_LOCKED_MESSAGE, SIGN_IN_LOCKED, SIGN_IN_LOCKED_MESSAGE } from "@/lib/auth/sign-in-policy";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

const errors: Record<string, string> = {
  // A sign-in posted without this page's script comes back here with the pause as its code.
  [SIGN_IN_LOCKED]: SIGN_IN_LOCKED_MESSAGE,
  [SIGN_IN_ADDRESS_LOCKED]: SIGN_IN_ADDRESS_LOCKED_MESSAGE,
  NoPortalAccount: "Your Microsoft account has no access to this portal. Ask your administrator to invite you.",
  OAuthSignin: "Microsoft sign-in could not start. Try again or use your email and password.",
  OAuthCallback: "Microsoft sign-in did not complete. Try again or use your email and password.",
};

// next-auth's other codes for a sign-in that failed. Anything else in ?error= (next-auth's error
// page with no code sends "undefined"; a hand-made link) is no failure the visitor had: no message.
const FAILURE_CODES = new Set(["Configuration", "AccessDenied", "Verification", "Default", "Callback", "OAuthCreateAccount", "OAuthAccountNotLinked", "CredentialsSignin", "SessionRequired"]);

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const viewer = await getViewer();
  if (viewer) redirect(homePath(viewer));
  const { error } = await searchParams;
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-xl font-semibold">Switchboard admin</h1>
        <p className="mt-1 text-sm text-slate-600">Sign in to manage your directory and Entra ID sync.</p>
        <SignInForm
          entraEnabled={isEntraSignInEnabled()}
          initialError={error ? (Object.hasOwn(errors, error) ? errors[error] : FAILURE_CODES.has(error) ? "Sign-in failed. Try again." : undefined) : undefined}
        />
      </div>
    </main>
  );
}
