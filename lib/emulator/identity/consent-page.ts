import { escapeHtml } from "../http-util";
import type { Tenant } from "../state/emulator-state";

const STYLE = `body{font-family:system-ui,sans-serif;background:#f2f2f2;margin:0;display:flex;justify-content:center}
main{background:#fff;max-width:440px;margin:48px 16px;padding:32px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:1.4rem;margin:0 0 16px}ul{padding-left:20px}.actions{display:flex;gap:12px;justify-content:flex-end;margin-top:24px}
button{padding:8px 24px;font-size:1rem;border:1px solid #8a8886;background:#fff;cursor:pointer}
button.primary{background:#0067b8;border-color:#0067b8;color:#fff}.note{color:#605e5c;font-size:.85rem}`;

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export interface ConsentPermission {
  /** Graph permission name, e.g. `User.Read.All`. */
  name: string;
  type: "application" | "delegated";
}

export interface ConsentPageInput {
  appName: string;
  publisherTenant: string;
  permissions: ConsentPermission[];
  /** Fixed tenant, or the tenants to choose from when the URL used `common`/`organizations`. */
  tenant: Tenant | Tenant[];
  hidden: Record<string, string>;
}

/** A stand-in for Entra's "Permissions requested — Accept for your organization" prompt. */
export function consentPage(input: ConsentPageInput): string {
  const hidden = Object.entries(input.hidden)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join("");
  const tenantField = Array.isArray(input.tenant)
    ? `<p><label for="tenant">Organization</label><br><select id="tenant" name="tenant">${input.tenant
        .map((t) => `<option value="${escapeHtml(t.id)}">${escapeHtml(t.displayName)} (${escapeHtml(t.domains[0])})</option>`)
        .join("")}</select></p>`
    : `<p>Organization: <strong>${escapeHtml(input.tenant.displayName)}</strong> (${escapeHtml(input.tenant.domains[0])})</p>`;
  const roles = input.permissions.length
    ? `<ul>${input.permissions.map((p) => `<li>${escapeHtml(p.name)} (Microsoft Graph, ${p.type})</li>`).join("")}</ul>`
    : "<p>No permissions.</p>";
  return layout(
    "Permissions requested",
    `<h1>Permissions requested</h1>
<p><strong>${escapeHtml(input.appName)}</strong><br><span class="note">${escapeHtml(input.publisherTenant)}</span></p>
<p>This app would like to:</p>${roles}
<form method="post">${hidden}${tenantField}
<p class="note">Accepting grants these permissions for all users in the organization. Graph emulator — no real tenant is changed.</p>
<div class="actions"><button type="submit" name="decision" value="cancel">Cancel</button>
<button type="submit" name="decision" value="accept" class="primary">Accept</button></div></form>`,
  );
}

/** Errors Entra cannot safely redirect (bad client or redirect URI) are shown on its own page. */
export function errorPage(description: string): string {
  return layout("Sign in - error", `<h1>Sorry, but we're having trouble signing you in.</h1><p>${escapeHtml(description)}</p>`);
}
