import { redirect } from "next/navigation";
import { homePath } from "@/lib/auth/access";
import { getViewer } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export default async function Home() {
  const viewer = await getViewer();
  redirect(viewer ? homePath(viewer) : "/sign-in");
}
