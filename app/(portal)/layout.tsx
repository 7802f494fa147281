import Link from "next/link";
import { NavLink } from "@/components/nav-link";
import { SignOutButton } from "@/components/sign-out-button";
import { Badge } from "@/components/ui/badge";
import { requireViewer } from "@/lib/auth/session";
import { listViewerSolutions } from "@/lib/data/solutions";

export const dynamic = "force-dynamic";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const viewer = await requireViewer();
  const solutions = await listViewerSolutions(viewer);
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#content" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:shadow">
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-6 py-3">
          <Link href="/" className="font-semibold text-slate-900">
            Switchboard admin
          </Link>
          <nav aria-label="Main" className="flex flex-1 flex-wrap items-center gap-1">
            {solutions.map((s) => (
              <NavLink key={s.id} href={`/s/${s.id}`}>
                {s.name}
              </NavLink>
            ))}
            {viewer.isSupport && <NavLink href="/support">Support</NavLink>}
          </nav>
          <div className="flex items-center gap-3 text-sm text-slate-600">
            <span>{viewer.name}</span>
            <Badge tone={viewer.isSupport ? "info" : "neutral"}>{viewer.isSupport ? "Support" : "Admin"}</Badge>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="content" className="mx-auto w-full max-w-7xl flex-1 px-6 py-6">
        {children}
      </main>
    </div>
  );
}
