import { expect, test } from "@playwright/test";
import { DEMO_ACCOUNTS, expectSignedIn, signIn } from "./support/accounts";

// Without these, a broken sign-in, a leaky error message or a dead sign-out would reach customers unseen.
test("a wrong password shows an error and keeps the visitor on the sign-in page", async ({ page }) => {
  await signIn(page, DEMO_ACCOUNTS.demoAdmin.email, "not-the-password");
  // Next.js keeps an empty route-announcer alert on every page; look for ours by its text.
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a signed-out visitor is sent to the sign-in page", async ({ page }) => {
  await page.goto(`/s/${DEMO_ACCOUNTS.demoAdmin.solutionId}/users`);
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("heading", { name: "Switchboard admin" })).toBeVisible();
});

test("support staff see the Support menu and every customer, read-only", async ({ page }) => {
  await signIn(page, DEMO_ACCOUNTS.support.email);
  await expectSignedIn(page, DEMO_ACCOUNTS.support.name);
  await expect(page).toHaveURL(/\/support$/);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Support" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Demo AB" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Fjordline AS" })).toBeVisible();
  await page.getByRole("link", { name: "Demo AB" }).click();
  await expect(page.getByText("Read-only (support)")).toBeVisible();
  await expect(page.getByRole("button", { name: "Connect Entra ID tenant" })).toHaveCount(0);
});

test("signing out ends the session", async ({ page }) => {
  await signIn(page, DEMO_ACCOUNTS.fjordlineAdmin.email);
  await expectSignedIn(page, DEMO_ACCOUNTS.fjordlineAdmin.name);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto(`/s/${DEMO_ACCOUNTS.fjordlineAdmin.solutionId}/users`);
  await expect(page).toHaveURL(/\/sign-in/);
});
