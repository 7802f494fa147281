import { AadstsError } from "./aadsts";
import type { EmulatorState, Tenant } from "../state/emulator-state";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DNS_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i;
export const MULTI_TENANT_ALIASES = new Set(["common", "organizations", "consumers"]);

export type TenantSegment = { kind: "tenant"; tenant: Tenant } | { kind: "alias"; alias: string };

/**
 * The `{tenant}` path segment (already percent-decoded by the server) as Entra reads it: a GUID or a verified domain; anything that is
 * neither shaped like a GUID nor a DNS name is AADSTS900023, a well-formed but unknown one 90002.
 */
export function resolveTenantSegment(state: EmulatorState, value: string): TenantSegment {
  if (MULTI_TENANT_ALIASES.has(value.toLowerCase())) return { kind: "alias", alias: value.toLowerCase() };
  if (!GUID.test(value) && !DNS_NAME.test(value)) throw new AadstsError(900023, { tenant: value });
  const tenant = state.findTenant(value);
  if (!tenant) throw new AadstsError(90002, { tenant: value });
  return { kind: "tenant", tenant };
}
