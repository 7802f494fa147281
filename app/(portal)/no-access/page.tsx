import { redirect } from "next/navigation";
import { homePath } from "@/lib/auth/access";
import { requireViewer } from "@/lib/auth/session";

export default async function NoAccessPage() {
  // Only for accounts with nothing to open: an admin or support who lands here is sent home.
  const home = homePath(await requireViewer());
  if (home !== "/no-access") redirect(home);
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-8">
      <h1 className="text-lg font-semibold">No solution yet</h1>
      <p className="mt-2 text-sm text-slate-600">
        Your account is not an administrator of any switchboard. Ask your organisation&apos;s administrator or our support
        team to add you.
      </p>
    </div>
  );
}
