import { GraphHttpError } from "./graph-error";
import { parseSelect, projectUser, type Access } from "./projection";
import type { QueryOptions } from "./query-options";
import type { EmulatorContext } from "../context";
import type { Tenant } from "../state/emulator-state";

/** `GET /v1.0/users/{id | userPrincipalName}` (https://learn.microsoft.com/en-us/graph/api/user-get?view=graph-rest-1.0). */
export function getUser(ctx: EmulatorContext, tenant: Tenant, access: Access, key: string, options: QueryOptions): Record<string, unknown> {
  const selection = parseSelect(options.values.get("$select") ?? null, "entity", tenant.directory);
  const user = tenant.directory.findActive(key);
  if (!user) {
    throw new GraphHttpError(404, "Request_ResourceNotFound", `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`);
  }
  return {
    "@odata.context": `${ctx.urls.graphUrl}/v1.0/$metadata#${selection.contextSegment}/$entity`,
    ...projectUser(user.data, selection, access),
  };
}
