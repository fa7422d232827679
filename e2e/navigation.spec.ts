import { expect, test } from "@playwright/test";

test("the shell links every section, and the creatives list pages and searches the demo", async ({
  page,
}) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/queue/);
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const name of ["Queue", "Map", "Labels", "Detector", "Data", "Settings"]) {
    await expect(nav.getByRole("link", { name })).toBeVisible();
  }
  await page.getByRole("link", { name: "All creatives" }).click();
  await expect(page.getByTestId("creative-row")).toHaveCount(50);
  // Other tests add creatives to the demo dataset: the page count follows the total it shows.
  const pageLine = (await page.getByTestId("creative-page").textContent()) ?? "";
  const [, pages, total] = /Page 1 of (\d+) \(([\d,]+) matching\)/.exec(pageLine) ?? [];
  expect(Number(total?.replace(/,/g, ""))).toBeGreaterThanOrEqual(2400);
  expect(Number(pages)).toBe(Math.ceil(Number(total?.replace(/,/g, "")) / 50));
  await page.getByTestId("creative-search").fill("zzzz-no-such-creative");
  await page.getByTestId("creative-search").press("Enter");
  await expect(page.getByText("No creatives match.")).toBeVisible();
  await nav.getByRole("link", { name: "Labels" }).click();
  await expect(page.getByRole("heading", { name: "Labels", exact: true })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Labels" })).toHaveAttribute("aria-current", "page");
});
