import { Badge } from "@/components/ui/badge";

export type IntegrationStatus = "PENDING" | "OK" | "ERROR" | "HELD";

const tone = { OK: "success", ERROR: "danger", HELD: "warning", PENDING: "neutral" } as const;
const label = { OK: "OK", ERROR: "Error", HELD: "Held for review", PENDING: "Not synced yet" } as const;

export function IntegrationStatusBadge({ status, code }: { status: IntegrationStatus; code?: string | null }) {
  return <Badge tone={tone[status]}>{status === "ERROR" && code ? `Error ${code}` : label[status]}</Badge>;
}
