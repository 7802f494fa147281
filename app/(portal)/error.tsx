"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";

/**
 * A page of the portal that failed on the server: the menu stays, the visitor can try again, and
 * support can find the failure in the server log by its reference. The error's own text is never
 * shown (in production Next.js replaces it anyway; it may name internals).
 */
export default function PortalError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return (
    <div className="flex min-h-[40vh] flex-col items-center justify-center gap-3 px-4 text-center" role="alert">
      <h1 className="text-2xl font-semibold">This page could not be loaded</h1>
      <p className="max-w-prose text-sm text-slate-600">
        Something went wrong on our side. Try again; if it keeps failing, send support the reference below.
      </p>
      {error.digest && <p className="font-mono text-xs text-slate-500">Reference: {error.digest}</p>}
      <div className="flex items-center gap-4">
        <Button onClick={() => retry()}>Try again</Button>
        <Link href="/" className="text-sm font-medium text-brand-700 hover:underline">
          Back to the portal
        </Link>
      </div>
    </div>
  );
}
