import { expect, test } from "@playwright/test";
import { DataPage } from "./support/dataPage";

test("the Labels page shows the demo taxonomy as a searchable tree with counts", async ({
  page,
}) => {
  await page.goto("/labels");
  const tree = page.getByTestId("label-tree");
  await expect(tree.getByTestId("label-row").first()).toBeVisible();
  await page.getByTestId("label-search").fill("auto repair");
  const autoRepair = tree.locator(
    '[data-testid="label-row"][data-path="Vehicles > Automotive Services > Auto Repair"]',
  );
  await expect(autoRepair).toBeVisible();
  const branchCount = autoRepair.getByTestId("label-count").first();
  await expect(branchCount).toHaveText(/\(\d+\)/);
  const subtree = Number(/\((\d+)\)/.exec(await branchCount.innerText())?.[1]);
  expect(subtree).toBeGreaterThan(0);
  await page.getByTestId("label-search").fill("");
  await expect(
    tree.locator('[data-testid="label-row"][data-path="Vehicles > Automotive Services"]'),
  ).toHaveCount(0);
  await tree.getByRole("button", { name: "Expand Vehicles" }).click();
  await expect(
    tree.locator('[data-testid="label-row"][data-path="Vehicles > Automotive Services"]'),
  ).toBeVisible();
});

test("a company taxonomy with slash-separated paths is imported from the UI and browsable", async ({
  page,
}) => {
  const data = new DataPage(page);
  await data.open();
  await page.getByTestId("import-kind").selectOption("taxonomy");
  const report = await data.importFile(
    {
      name: "company.txt",
      content:
        "Service/Vehicles/Maintenance/Honda\nService/Vehicles/Maintenance/Acura\nProduct/Cars/Mercedes\n",
    },
    { taxonomy: "Company" },
  );
  await expect(report).toHaveAttribute("data-status", "done");
  await expect(report).toContainText("8 labels added");
  await expect(page.getByTestId("taxonomy-Company").getByTestId("label-count")).toHaveText("8");
  await page.goto("/labels");
  await page.getByRole("link", { name: /^Company/ }).click();
  await page.getByTestId("label-search").fill("honda");
  await expect(
    page.locator('[data-testid="label-row"][data-path="Service > Vehicles > Maintenance > Honda"]'),
  ).toBeVisible();
  await expect(page.getByTestId("label-match-count")).toHaveText("1 matching");
});
