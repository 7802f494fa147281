import { expect, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../../lib/seed/constants";

export { DEMO_ACCOUNTS };
export const ADMIN_STATE = "test-results/.auth/demo-admin.json";

export function demoPassword(): string {
  const password = process.env.DEMO_PASSWORD;
  if (!password) throw new Error("DEMO_PASSWORD is not set (playwright.config.ts reads it from .data/e2e)");
  return password;
}

export async function signIn(page: Page, email: string, password = demoPassword()) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

export async function expectSignedIn(page: Page, name: string) {
  await expect(page.getByRole("banner").getByText(name)).toBeVisible();
}
