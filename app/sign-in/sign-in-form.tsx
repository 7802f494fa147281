"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, useSyncExternalStore, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { SIGN_IN_ADDRESS_LOCKED, SIGN_IN_ADDRESS_LOCKED_MESSAGE, SIGN_IN_LOCKED, SIGN_IN_LOCKED_MESSAGE } from "@/lib/auth/sign-in-policy";

const noSubscription = () => () => {};

/** False in the server's HTML and until React has hydrated this form, true after. */
function useHydrated(): boolean {
  return useSyncExternalStore(noSubscription, () => true, () => false);
}

export function SignInForm({ entraEnabled, initialError }: { entraEnabled: boolean; initialError?: string }) {
  const router = useRouter();
  const [error, setError] = useState(initialError);
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();

  function submit(form: FormData) {
    setError(undefined);
    startTransition(async () => {
      const result = await signIn("credentials", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
      });
      if (!result || result.error) {
        const messages: Record<string, string> = { [SIGN_IN_LOCKED]: SIGN_IN_LOCKED_MESSAGE, [SIGN_IN_ADDRESS_LOCKED]: SIGN_IN_ADDRESS_LOCKED_MESSAGE };
        setError((result?.error && messages[result.error]) || "Wrong email or password.");
        return;
      }
      router.replace("/");
      router.refresh();
    });
  }

  return (
    <>
      {/* onSubmit, not a form action: React resets a form after its action, and a mistyped password
          should not cost the visitor the email they typed. Before hydration (or without JavaScript)
          the browser would submit the form itself, by default as a GET with the password in the URL,
          where history, logs and Referer headers keep it: so the button stays disabled until React
          handles the form (a disabled default button also stops Enter from submitting), and the
          form's own method is POST to this page, which ignores the body. */}
      <form
        method="post"
        onSubmit={(event) => {
          event.preventDefault();
          submit(new FormData(event.currentTarget));
        }}
        className="mt-6 space-y-4"
        noValidate
      >
        <div>
          <Label htmlFor="email">Email</Label>
          <Input id="email" name="email" type="email" autoComplete="username" required />
        </div>
        <div>
          <Label htmlFor="password">Password</Label>
          <Input id="password" name="password" type="password" autoComplete="current-password" required />
        </div>
        {error && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {error}
          </p>
        )}
        <noscript>
          <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">Signing in needs JavaScript turned on.</p>
        </noscript>
        <Button type="submit" className="w-full" disabled={pending || !hydrated}>
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      {entraEnabled && (
        <Button variant="secondary" className="mt-3 w-full" onClick={() => signIn("azure-ad", { callbackUrl: "/" })}>
          Sign in with Microsoft
        </Button>
      )}
    </>
  );
}
