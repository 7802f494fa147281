import { expect, test } from "@playwright/test";
import { SIGN_IN_THROTTLE } from "../lib/auth/sign-in-policy";
import { DEMO_ACCOUNTS, expectSignedIn, signIn } from "./support/accounts";

// Without these, a broken sign-in, a leaky error message or a dead sign-out would reach customers unseen.
test("a wrong password shows an error and keeps the visitor on the sign-in page", async ({ page }) => {
  await signIn(page, DEMO_ACCOUNTS.demoAdmin.email, "not-the-password");
  // Next.js keeps an empty route-announcer alert on every page; look for ours by its text.
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
  // The email stays typed for the next try.
  await expect(page.getByLabel("Email")).toHaveValue(DEMO_ACCOUNTS.demoAdmin.email);
});

test("another site cannot show the portal in a frame (clickjacking)", async ({ page, baseURL }) => {
  const response = await page.request.get("/sign-in");
  expect(response.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(response.headers()["x-frame-options"]).toBe("DENY");
  await page.setContent(`<iframe id="portal" src="${baseURL}/sign-in" width="600" height="400"></iframe>`);
  // Chromium refuses to render it: the frame ends on its error page, and no sign-in form appears in it.
  await expect.poll(() => page.frames().find((f) => f !== page.mainFrame())?.url()).toBe("chrome-error://chromewebdata/");
  await expect(page.frameLocator("#portal").getByLabel("Email")).toHaveCount(0);
});

test("the portal that prints the demo logins listens on localhost only, not on every address", async ({ page, baseURL }) => {
  const port = new URL(baseURL!).port;
  await expect(page.goto("/sign-in")).resolves.toBeTruthy();
  // Any 127.x address reaches this machine; a portal listening on every address (0.0.0.0, which
  // other machines reach too) answers on 127.0.0.2, one listening on localhost refuses it.
  await expect(page.goto(`http://127.0.0.2:${port}/sign-in`)).rejects.toThrow(/ERR_CONNECTION_REFUSED/);
});

test("without JavaScript, submitting the sign-in form never puts the password into a URL", async ({ browser }) => {
  // A form the browser submits itself is a GET by default: ?email=…&password=… in history, logs and Referer.
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    const requested: string[] = [];
    page.on("request", (request) => requested.push(request.url()));
    const password = `never-in-a-url-${Date.now()}`;
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(DEMO_ACCOUNTS.demoAdmin.email);
    await page.getByLabel("Password").fill(password);
    const navigated = page.waitForEvent("framenavigated", { timeout: 2_000 }).catch(() => null);
    await page.getByLabel("Password").press("Enter");
    await page.getByRole("button", { name: "Sign in", exact: true }).click({ force: true });
    await navigated;
    await page.waitForLoadState();
    expect(page.url()).not.toContain(password);
    expect(requested.filter((url) => url.includes(password) || url.includes("password="))).toEqual([]);
    // How: the button waits for React, and the form's own method would not use a URL anyway.
    await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeDisabled();
    await expect(page.locator("form")).toHaveAttribute("method", "post");
    // Chromium under Playwright parses <noscript> as if scripts ran (microsoft/playwright#32542), so
    // the note is looked for in the page's source rather than on screen.
    expect(await page.content()).toContain("Signing in needs JavaScript turned on.");
  } finally {
    await context.close();
  }
});

test("before the page's JavaScript has loaded, Enter does not submit the sign-in form", async ({ page }) => {
  // A slow network: the HTML is there, React is not, and the visitor presses Enter in the password field.
  await page.route(/\/_next\/static\/.*\.js(\?.*)?$/, (route) => route.abort());
  const password = `not-yet-${Date.now()}`;
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(DEMO_ACCOUNTS.demoAdmin.email);
  await page.getByLabel("Password").fill(password);
  // Any submission at all (a GET would show in the URL, a POST only as a request).
  const submitted: string[] = [];
  page.on("request", (request) => {
    if (request.isNavigationRequest() || request.method() === "POST") submitted.push(`${request.method()} ${request.url()}`);
  });
  // Lower bound, not a timing assertion: long enough for a submission the browser would make.
  const navigated = page.waitForEvent("framenavigated", { timeout: 2_000 }).catch(() => null);
  await page.getByLabel("Password").press("Enter");
  await navigated;
  expect(submitted).toEqual([]);
  expect(page.url()).not.toContain(password);
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeDisabled();
});

test("repeated wrong passwords pause sign-in for that email, the same for an email with no account", async ({ page }) => {
  // An address nobody has: the lockout must look exactly as it would for a real account.
  const email = `nobody-${Date.now()}@example.test`;
  const wrong = page.getByRole("alert").filter({ hasText: "Wrong email or password." });
  const paused = page.getByRole("alert").filter({ hasText: "Sign-in is paused for 15 minutes" });
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  for (let attempt = 1; attempt <= SIGN_IN_THROTTLE.maxFailures; attempt++) {
    // One attempt at a time: each waits for the server's answer before the next is typed.
    const answered = page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials"));
    await page.getByLabel("Password").fill(`guess-${attempt}`);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await answered;
    if (attempt < SIGN_IN_THROTTLE.maxFailures) await expect(wrong).toBeVisible();
  }
  await expect(paused).toBeVisible();
  await expect(wrong).toHaveCount(0);
  await expect(page).toHaveURL(/\/sign-in/);
});

test("the sign-in page shows an error only for a sign-in that failed, not for any ?error= in a link", async ({ page }) => {
  for (const code of ["undefined", "constructor", "__proto__"]) {
    expect((await page.goto(`/sign-in?error=${code}`))?.status()).toBe(200);
    await expect(page.getByLabel("Email")).toBeVisible();
    await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveCount(0);
  }
  await page.goto("/sign-in?error=OAuthCallback");
  await expect(page.getByRole("alert").filter({ hasText: "Microsoft sign-in did not complete." })).toBeVisible();
  // A pause reported through the link (a sign-in posted without the page's script) says what it is.
  await page.goto("/sign-in?error=SignInLocked");
  await expect(page.getByRole("alert").filter({ hasText: "Too many wrong passwords for this email." })).toBeVisible();
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
  // "No solution yet" is for accounts with nothing to open: support is sent home from it.
  await page.goto("/no-access");
  await expect(page).toHaveURL(/\/support$/);
});

test("signing out ends the session, also for a copy of its cookie", async ({ page, browser }) => {
  await signIn(page, DEMO_ACCOUNTS.fjordlineAdmin.email);
  await expectSignedIn(page, DEMO_ACCOUNTS.fjordlineAdmin.name);
  const users = `/s/${DEMO_ACCOUNTS.fjordlineAdmin.solutionId}/users`;
  // The session cookie as someone who copied it (another browser, a stolen cookie) would hold it.
  const copy = await browser.newContext({ storageState: await page.context().storageState() });
  try {
    const copied = await copy.newPage();
    await copied.goto(users);
    await expect(copied).toHaveURL(new RegExp(`${users}$`));
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto(users);
    await expect(page).toHaveURL(/\/sign-in/);
    await copied.goto(users);
    await expect(copied).toHaveURL(/\/sign-in/);
  } finally {
    await copy.close();
  }
});
