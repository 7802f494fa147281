import { LINKS, aadstsLink, type CatalogueEntry } from "./catalogue-types";

// Token-endpoint errors (AADSTS…) the product can meet with the client-credentials flow and admin
// consent. Texts of Microsoft's messages are "subject to change"; we branch on the number only.
// https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes

const APP_SECRETS = "Microsoft Entra admin center → App registrations → <your app> → Certificates & secrets";
const SUPPORT = "This is a fault in how the portal asks for a token, not in your settings: contact support with the code and the time it happened.";
const PROVIDER_CREDENTIALS = "The provider's connection app credentials need renewing; nothing in your tenant needs to change. Contact support with this code.";

function entra(code: number, entry: Omit<CatalogueEntry, "code" | "links">, extraLinks = [LINKS.entraCodes]): CatalogueEntry {
  return { code: `AADSTS${code}`, ...entry, links: [aadstsLink(code), ...extraLinks] };
}

export const ENTRA_ENTRIES: CatalogueEntry[] = [
  entra(7000215, {
    kind: "auth",
    retryable: false,
    title: "Invalid client secret",
    meaning: "Microsoft Entra ID rejected the client secret saved for this integration. Often the Secret ID was pasted instead of the secret's Value, or the secret was deleted.",
    action: `In ${APP_SECRETS}, create a new client secret and paste its Value (not the Secret ID) here. The Value is shown only once, right after you create it.`,
    automatedAction: PROVIDER_CREDENTIALS,
  }),
  entra(7000222, {
    kind: "auth",
    retryable: false,
    title: "Client secret expired",
    meaning: "The client secret saved for this integration has passed its expiry date, so Microsoft Entra ID no longer accepts it.",
    action: `In ${APP_SECRETS}, create a new client secret, paste its Value (not the Secret ID) here, then delete the expired one. Note the new expiry date.`,
    automatedAction: PROVIDER_CREDENTIALS,
  }),
  entra(7000218, {
    kind: "config",
    retryable: false,
    title: "Client secret missing",
    meaning: "No client secret was sent with the token request, so Microsoft Entra ID could not check the app's identity.",
    action: `Paste the client secret's Value here. If you no longer have it, create a new one in ${APP_SECRETS}.`,
    automatedAction: PROVIDER_CREDENTIALS,
  }),
  entra(700016, {
    kind: "auth",
    retryable: false,
    title: "App not found in your tenant",
    meaning: "Microsoft Entra ID found no application with this client ID in the tenant. Either the client ID or tenant is wrong, or the app was never consented to in the tenant (or its consent was removed).",
    action: "Check the Application (client) ID on the app's Overview page (Microsoft Entra admin center → App registrations → <your app>) and that the Directory (tenant) ID is the tenant where the app is registered, then save again.",
    automatedAction: "Our app is not (or no longer) consented in your tenant. Open the integration's setup and grant admin consent again with a Global Administrator or Privileged Role Administrator account.",
  }, [LINKS.entraCodes, LINKS.adminConsent]),
  // AADSTS7000229 "The client application {appId} is missing service principal in the tenant {tenant}"
  // (invalid_client, 401). Not in Microsoft's error-code table; text and status as Entra returns them
  // in public reports (e.g. Azure/Commercial-Marketplace-SaaS-Accelerator#830) [unconfirmed: no Microsoft
  // page documents it]. The registration exists, its enterprise application in the tenant does not.
  entra(7000229, {
    kind: "auth",
    retryable: false,
    title: "App's enterprise application is missing in your tenant",
    meaning: "The app registration exists, but your tenant has no enterprise application (service principal) for it: it was deleted, or never created. Microsoft Entra ID issues no tokens to an app without one.",
    action: "Re-create it: in Microsoft Entra admin center → App registrations → <your app> → Overview, open \"Managed application in local directory\" and create it (or run `az ad sp create --id <client ID>`), then grant admin consent again under API permissions → Grant admin consent for <your tenant>.",
    automatedAction: "Our app's enterprise application was removed from your tenant. Open the integration's setup and grant admin consent again with a Global Administrator or Privileged Role Administrator account: consenting re-creates it.",
  }, [LINKS.entraCodes, LINKS.adminConsent]),
  entra(7000112, {
    kind: "auth",
    retryable: false,
    title: "App is disabled in your tenant",
    meaning: "The app's enterprise application (service principal) in your tenant is disabled, so Microsoft Entra ID issues it no tokens.",
    action: "In Microsoft Entra admin center → Enterprise applications → <your app> → Properties, set \"Enabled for users to sign-in?\" to Yes and save.",
    automatedAction: "In Microsoft Entra admin center → Enterprise applications → <our app's name> → Properties, set \"Enabled for users to sign-in?\" to Yes and save.",
  }),
  entra(65001, {
    kind: "auth",
    retryable: false,
    title: "Admin consent missing",
    meaning: "The app has not been granted the permissions it asks for in your tenant.",
    action: "Microsoft Entra admin center → App registrations → <your app> → API permissions → Grant admin consent for <your tenant>.",
    automatedAction: "Open the integration's setup and grant admin consent again with a Global Administrator or Privileged Role Administrator account.",
  }, [LINKS.entraCodes, LINKS.adminConsent]),
  entra(65004, {
    kind: "auth",
    retryable: false,
    title: "Consent was declined",
    meaning: "The administrator declined (or cancelled) the consent request, so the app has no access to your tenant.",
    action: "Start the setup again and accept the permissions on Microsoft's consent page with an administrator account.",
  }, [LINKS.entraCodes, LINKS.adminConsent]),
  entra(90002, {
    kind: "config",
    retryable: false,
    title: "Tenant not found",
    meaning: "Microsoft Entra ID knows no tenant with this ID or domain.",
    action: "Enter the Tenant ID from Microsoft Entra admin center → Overview (a GUID), or the tenant's domain such as contoso.onmicrosoft.com, and check that it is a tenant in Microsoft's public cloud.",
  }),
  entra(900023, {
    kind: "config",
    retryable: false,
    title: "Tenant ID is malformed",
    meaning: "The tenant entered is neither a valid tenant ID (GUID) nor a valid domain name.",
    action: "Copy the Tenant ID from Microsoft Entra admin center → Overview, or enter a verified domain such as contoso.onmicrosoft.com, then save again.",
  }),
  entra(50059, {
    kind: "config",
    retryable: false,
    title: "No tenant given",
    meaning: "The token request did not say which tenant it was for, so Microsoft Entra ID could not pick one.",
    action: "Enter your Tenant ID or primary domain in the integration settings and save again.",
  }),
  entra(900144, { kind: "config", retryable: false, title: "Token request incomplete", meaning: "The token request lacked a required parameter.", action: SUPPORT }),
  entra(1002012, { kind: "config", retryable: false, title: "Token scope not accepted", meaning: "The portal asked for a token with a scope Microsoft Entra ID does not accept for app-only access (it must end in /.default).", action: SUPPORT }),
  entra(70011, { kind: "config", retryable: false, title: "Invalid token scope", meaning: "The scope the portal asked a token for is not valid.", action: SUPPORT }),
  entra(500011, {
    kind: "config",
    retryable: false,
    title: "Microsoft Graph not found in your tenant",
    meaning: "Microsoft Entra ID could not find the Microsoft Graph resource in your tenant. This usually means the tenant entered is not the one you meant.",
    action: "Check the Tenant ID in the integration settings. If it is right, contact support with this code.",
  }),
];
