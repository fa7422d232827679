import { expect, test } from "@playwright/test";

test("the shell links Queue, Map, Labels and Data, and the queue lists demo creatives", async ({
  page,
}) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/queue/);
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const name of ["Queue", "Map", "Labels", "Data"])
    await expect(nav.getByRole("link", { name })).toBeVisible();
  await expect(page.getByTestId("creative-row")).toHaveCount(50);
  await expect(page.getByTestId("creative-page")).toContainText("Page 1 of");
  await page.getByTestId("creative-search").fill("zzzz-no-such-creative");
  await page.getByTestId("creative-search").press("Enter");
  await expect(page.getByText("No creatives match.")).toBeVisible();
  await nav.getByRole("link", { name: "Map" }).click();
  await expect(page.getByRole("heading", { name: "Map" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Map" })).toHaveAttribute("aria-current", "page");
});
