import "server-only";
import { db } from "@/lib/db";

export type IntegrationSummary = {
  id: string;
  name: string;
  mode: "AUTOMATED" | "MANUAL";
  tenantId: string;
  status: "PENDING" | "OK" | "ERROR" | "HELD";
  statusCode: string | null;
  statusMessage: string | null;
  statusAt: Date | null;
  lastSyncAt: Date | null;
  nextSyncAt: Date | null;
  secretHint: string | null;
  secretExpiresAt: Date | null;
};

const summarySelect = {
  id: true,
  name: true,
  mode: true,
  tenantId: true,
  status: true,
  statusCode: true,
  statusMessage: true,
  statusAt: true,
  lastSyncAt: true,
  nextSyncAt: true,
  secretHint: true,
  secretExpiresAt: true,
} as const;

export async function listIntegrations(solutionId: string): Promise<IntegrationSummary[]> {
  return db.integration.findMany({ where: { solutionId }, select: summarySelect, orderBy: { createdAt: "asc" } });
}
