import { test as setup } from "@playwright/test";
import { ADMIN_STATE, DEMO_ACCOUNTS, expectSignedIn, signIn } from "./support/accounts";

// Signs the demo admin in once; the specs reuse the session instead of signing in every time.
setup("sign in as the Demo AB admin", async ({ page }) => {
  await signIn(page, DEMO_ACCOUNTS.demoAdmin.email);
  await expectSignedIn(page, DEMO_ACCOUNTS.demoAdmin.name);
  await page.context().storageState({ path: ADMIN_STATE });
});
