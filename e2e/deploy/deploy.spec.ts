import { expect, test } from "@playwright/test";
import { e2eAdmin } from "../support/accounts";

/**
 * The deployment path: `npm run serve` (what the container image runs) on an empty PostgreSQL
 * database with environment configuration only must migrate it, create the admin from the
 * environment, pass readiness and serve the signed-in workbench.
 */
test("the start-up script serves a ready, signed-in workbench on a fresh PostgreSQL", async ({
  page,
  request,
}) => {
  const live = await request.get("/api/health");
  expect(live.status()).toBe(200);

  const ready = await request.get("/api/health/ready");
  expect(ready.status(), await ready.text()).toBe(200);
  expect(await ready.json()).toMatchObject({ status: "ready", engine: "postgres", ready: true });

  await page.goto("/queue");
  await expect(page).toHaveURL(/\/login\?next=%2Fqueue/);
  await page.getByLabel("Username").fill(e2eAdmin.username);
  await page.getByLabel("Password").fill(e2eAdmin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/queue$/);
  await expect(page.getByRole("heading", { name: "Queue" })).toBeVisible();
  await expect(page.getByTestId("signed-in-as")).toContainText("admin · admin");
});
