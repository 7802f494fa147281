import { expect, test } from "@playwright/test";
import { demoPeople, demoSwitchboardUsers } from "../lib/demo/demo-directory";
import { ADMIN_STATE, DEMO_ACCOUNTS } from "./support/accounts";

// Without these, an admin could lose sight of the directory, or see another customer's data.
test.use({ storageState: ADMIN_STATE });

const demo = `/s/${DEMO_ACCOUNTS.demoAdmin.solutionId}`;

test("the admin lands on the Users page with numbers in international format and tags as chips", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(new RegExp(`${demo}/users`));
  const table = page.getByRole("table");
  await expect(table.getByRole("row")).toHaveCount(26); // header + first page of 25
  await expect(table.getByText(/^\+46 \d{1,3}( \d{2,3})+$/).first()).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Pagination" })).toContainText(/1–25 of \d+/);

  // Tags as chips: in the Tags column, a seeded user's tags are one element each, in order — not
  // "Swedish, English" as one text, which this would not find.
  const headers = (await table.getByRole("columnheader").allTextContents()).map((h) => h.trim());
  const tagsColumn = headers.indexOf("Tags");
  expect(tagsColumn).toBeGreaterThanOrEqual(0);
  const rowOf = (name: string) => table.getByRole("row").filter({ has: page.getByText(name, { exact: true }) });
  let tagged: { displayName: string; tags: string[] } | undefined;
  for (const user of demoSwitchboardUsers().filter((u) => u.tags.length >= 2)) {
    if ((await rowOf(user.displayName).count()) === 1) {
      tagged = user;
      break;
    }
  }
  expect(tagged, "a seeded user with two or more tags on the first page").toBeDefined();
  const chips = rowOf(tagged!.displayName).getByRole("cell").nth(tagsColumn).locator("span");
  await expect(chips).toHaveText(tagged!.tags);
  await expect(chips.first()).toHaveClass(/rounded-full/);
});

test("search finds a colleague by a number typed in national format", async ({ page }) => {
  // A Swedish mobile stored in international format, typed the way a Swede says it: 0701234567.
  const person = demoPeople().find((p) => p.switchboard?.numbers.some((n) => n.replace(/\D/g, "").startsWith("467")))!.switchboard!;
  const stored = person.numbers.find((n) => n.replace(/\D/g, "").startsWith("467"))!;
  const national = "0" + stored.replace(/\D/g, "").slice(2);
  await page.goto(`${demo}/users`);
  await page.getByLabel("Search by name, number or tag").fill(national);
  await expect(page).toHaveURL(/q=/);
  await expect(page.getByRole("table").getByText(person.displayName, { exact: true })).toBeVisible();
  await expect(page.getByRole("table").getByRole("row")).toHaveCount(2);
});

test("a page number past the end shows the last page, not an empty directory", async ({ page }) => {
  // An old link or a bookmark after users were removed: "101–40 of 40" and "no users yet" would be wrong.
  await page.goto(`${demo}/users?page=50`);
  const pagination = page.getByRole("navigation", { name: "Pagination" });
  await expect(pagination).toContainText(/\d+–\d+ of \d+/);
  const [, from, to, total] = /(\d+)–(\d+) of (\d+)/.exec((await pagination.textContent()) ?? "")!.map(Number);
  expect(to).toBe(total);
  expect(from).toBeGreaterThan(1);
  expect(from).toBeLessThanOrEqual(to);
  await expect(page.getByText("This switchboard has no users yet.")).toHaveCount(0);
  await expect(page.getByRole("table").getByRole("row")).toHaveCount(to - from + 2); // header + the rows shown
  await expect(pagination.getByRole("button", { name: "Next" })).toBeDisabled();
  await pagination.getByRole("button", { name: "Previous" }).click();
  await expect(pagination).toContainText(`${from - 25}–${from - 1} of ${total}`);
});

test("the search box follows the URL: the Users tab clears an earlier search and Back restores it", async ({ page }) => {
  const name = demoPeople().find((p) => p.switchboard)!.switchboard!.displayName;
  await page.goto(`${demo}/users`);
  const search = page.getByLabel("Search by name, number or tag");
  await search.fill(name);
  await expect(page).toHaveURL(/[?&]q=/);
  await expect(page.getByRole("table").getByText(name, { exact: true })).toBeVisible();
  await page.getByRole("navigation", { name: "Solution" }).getByRole("link", { name: "Users" }).click();
  await expect(page).not.toHaveURL(/[?&]q=/);
  await expect(search).toHaveValue("");
  await expect(page.getByRole("table").getByRole("row")).toHaveCount(26);
  await page.goBack();
  await expect(page).toHaveURL(/[?&]q=/);
  await expect(search).toHaveValue(name);
});

test("sorting by name descending reverses the order", async ({ page }) => {
  // One page holds the whole demo directory, so the two orders must be exact mirrors.
  await page.goto(`${demo}/users?pageSize=100`);
  const names = page.getByRole("table").getByRole("row").locator("td:first-child");
  const ascending = await names.allTextContents();
  expect(ascending.length).toBeGreaterThan(20);
  await page.getByRole("button", { name: /^Name/ }).click();
  await expect(page).toHaveURL(/dir=desc/);
  await expect(names).toHaveText([...ascending].reverse());
});

test("the Entra ID tab shows the empty state and the connect button", async ({ page }) => {
  await page.goto(`${demo}/integrations`);
  await expect(page).toHaveURL(new RegExp(`${demo}/integrations/entra-id`));
  // The page's content is its main landmark, which a skip link reaches first.
  await expect(page.getByRole("main").getByRole("heading", { name: "No tenant connected yet" })).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  // Not available yet, and it says why in words everyone sees (not only a mouse-over tooltip).
  const connect = page.getByRole("button", { name: "Connect Entra ID tenant" });
  await expect(connect).toBeDisabled();
  await expect(connect).toHaveAccessibleDescription("The setup wizard is not available yet.");
  await expect(page.getByText("The setup wizard is not available yet.")).toBeVisible();
});

test("the admin of Demo AB gets 404 on Fjordline's pages", async ({ page }) => {
  for (const path of ["users", "integrations/entra-id"]) {
    const response = await page.goto(`/s/${DEMO_ACCOUNTS.fjordlineAdmin.solutionId}/${path}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page.getByText("Fjordline AS")).toHaveCount(0);
  }
  const support = await page.goto("/support");
  expect(support?.status()).toBe(404);
});
