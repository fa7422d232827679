import { expect, request, test, type APIRequestContext } from "@playwright/test";
import { can, type Role } from "../lib/core/auth/roles";
import { routeInventory } from "../lib/server/testing/routeInventory";
import { adminApi, apiAs, ensureUser, passwordOf } from "./support/accounts";
import { DataPage } from "./support/dataPage";

/**
 * Who may do what, against the real server: every route handler answers 401 without a session and
 * 403 to a role its permission leaves out (the list of routes is read from app/, so a new route is
 * checked the day it is added); each role signs in through the page and sees only its sections.
 */

function call(api: APIRequestContext, method: string, url: string) {
  return api.fetch(url, {
    method,
    ...(method === "GET" || method === "HEAD" ? {} : { data: {} }),
    maxRedirects: 0,
  });
}

test("every route refuses a request without a session, and every role it does not allow", async ({
  baseURL,
}) => {
  test.setTimeout(180_000);
  const routes = routeInventory().filter((r) => r.permission !== "public");
  expect(routes.length).toBeGreaterThan(25);

  // In the test runner, new request contexts start from the project's (admin) session: clear it.
  const anonymous = await request.newContext({
    baseURL,
    storageState: { cookies: [], origins: [] },
  });
  for (const route of routes) {
    const response = await call(anonymous, route.method, route.url);
    expect(response.status(), `${route.method} ${route.url} without a session`).toBe(401);
  }
  await anonymous.dispose();

  const checked: Record<Role, number> = { admin: 0, annotator: 0, analyst: 0 };
  for (const role of ["annotator", "analyst"] as const) {
    const api = await apiAs(`access-${role}`, role);
    for (const route of routes) {
      if (route.permission === "public" || route.permission === null) continue;
      if (can(role, route.permission)) continue;
      const response = await call(api, route.method, route.url);
      expect(response.status(), `${route.method} ${route.url} as ${role}`).toBe(403);
      checked[role]++;
    }
    await api.dispose();
  }
  expect(checked.annotator).toBeGreaterThan(10);
  expect(checked.analyst).toBeGreaterThan(5);
  console.log(
    `routes=${routes.length} refused_annotator=${checked.annotator} refused_analyst=${checked.analyst}`,
  );
});

test("a state-changing request from another site is refused even with a valid session", async () => {
  const api = await apiAs("access-csrf", "annotator");
  const response = await api.post("/api/decisions/undo", {
    data: { dataset: "demo" },
    headers: { origin: "https://evil.example" },
  });
  expect(response.status()).toBe(403);
  expect(await response.text()).toContain("another site");
  await api.dispose();
});

test.describe("signed in through the page", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("a signed-out visitor is sent to sign in and comes back to the page asked for", async ({
    page,
  }) => {
    await ensureUser("access-ui-annotator", "annotator");
    await page.goto("/labels");
    await expect(page).toHaveURL(/\/login\?next=%2Flabels/);
    await page.getByLabel("Username").fill("access-ui-annotator");
    await page.getByLabel("Password").fill("wrong password, surely");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toBeVisible();
    await page.getByLabel("Password").fill(passwordOf("access-ui-annotator"));
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/labels$/);
    await expect(page.getByTestId("signed-in-as")).toContainText("access-ui-annotator · annotator");
  });

  for (const [role, start, visible, refused] of [
    ["annotator", "/queue", ["Queue", "Labels"], "/map"],
    ["analyst", "/map", ["Map", "Metrics", "Labels", "Detector", "Data", "Settings"], "/queue"],
    [
      "admin",
      "/queue",
      [
        "Queue",
        "Review",
        "Map",
        "Metrics",
        "Labels",
        "Detector",
        "Data",
        "Settings",
        "Users",
        "Audit",
      ],
      null,
    ],
  ] as const) {
    test(`an ${role} sees only the sections the role allows`, async ({ page }) => {
      const username = `access-nav-${role}`;
      await ensureUser(username, role);
      await page.goto("/login");
      await page.getByLabel("Username").fill(username);
      await page.getByLabel("Password").fill(passwordOf(username));
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).toHaveURL(new RegExp(`${start}`));
      const nav = page.getByRole("navigation", { name: "Main" });
      await expect(nav.getByRole("link")).toHaveText([...visible]);
      if (refused) {
        await page.goto(refused);
        await expect(page).toHaveURL(/\/no-access/);
        await expect(page.getByTestId("no-access")).toContainText(`(${role})`);
      }
      await page.getByRole("button", { name: "Sign out" }).click();
      await expect(page).toHaveURL(/\/login/);
      await page.goto(start);
      await expect(page).toHaveURL(/\/login/);
    });
  }
});

test("two annotators claiming the same queue at the same moment never get the same item", async () => {
  const [one, two] = await Promise.all(
    ["access-lease-1", "access-lease-2"].map((name) => apiAs(name, "annotator")),
  );
  const claims = await Promise.all(
    [one!, two!].map(async (api) => {
      const response = await api.post("/api/queue/claim", { data: { dataset: "demo", count: 20 } });
      expect(response.ok()).toBe(true);
      return ((await response.json()) as { items: { creativeId: number }[] }).items.map(
        (i) => i.creativeId,
      );
    }),
  );
  expect(claims[0]!.length).toBe(20);
  expect(claims[1]!.length).toBe(20);
  expect(claims[0]!.filter((id) => claims[1]!.includes(id))).toEqual([]);
  await Promise.all([one!.dispose(), two!.dispose()]);
});

test("text that looks like SQL or script is stored and shown verbatim, never run", async ({
  page,
}) => {
  const hostile = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'; drop table labels; -- \u202e ${"é".repeat(20)}`;
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const taxonomies = (await (await page.request.get("/api/datasets")).json()) as {
    datasets: { name: string; taxonomyId: number }[];
  };
  const demo = taxonomies.datasets.find((d) => d.name === "demo")!;
  const created = await page.request.post("/api/labels", {
    data: { taxonomyId: demo.taxonomyId, parentId: null, name: hostile.replace(/[>/]/g, "") },
  });
  expect(created.status(), await created.text()).toBe(200);
  const stored = ((await created.json()) as { label: { path: string[] } }).label.path.at(-1)!;
  expect(stored).toBe(hostile.replace(/[>/]/g, "").trim());
  await page.goto(`/labels?taxonomy=${demo.taxonomyId}`);
  const shown = page.getByTestId("proposed-label").filter({ hasText: "drop table labels" });
  await expect(shown.first()).toContainText(stored);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  // Far too long for a label name: refused with the field named, nothing written.
  const tooLong = await page.request.post("/api/labels", {
    data: { taxonomyId: demo.taxonomyId, parentId: null, name: "x".repeat(5000) },
  });
  expect(tooLong.status()).toBe(400);
  expect(await tooLong.text()).toContain("name");
});

test("creative text, search terms and user names that look like code are shown verbatim", async ({
  page,
}) => {
  const hostileText = `<script>window.__pwned=1</script> "quoted", 'single'; DROP TABLE creatives; -- ${"long ".repeat(400)}`;
  const csv = `id,text,predicted_label\nx-1,"${hostileText.replace(/"/g, '""')}",Vehicles > Automotive Services > Auto Repair\n`;
  const data = new DataPage(page);
  await data.open();
  const report = await data.importFile(
    { name: "hostile.csv", content: csv },
    { dataset: "hostile-e2e", taxonomy: "IAB Ad Product 2.0 + brands" },
  );
  await expect(report).toContainText("1");
  await page.goto("/creatives?dataset=hostile-e2e");
  await expect(page.getByTestId("creative-text").first()).toHaveText(hostileText.trim());
  // SQL metacharacters in a search are searched for, literally: they find the creative holding them.
  await page.getByTestId("creative-search").fill("'; drop table creatives; --");
  await page.getByTestId("creative-search").press("Enter");
  await expect(page).toHaveURL(/q=/);
  await expect(page.getByTestId("creative-row")).toHaveCount(1);
  await page.getByTestId("creative-search").fill("%' or '1'='1");
  await page.getByTestId("creative-search").press("Enter");
  await expect(page.getByText("No creatives match.")).toBeVisible();

  const name = `<img src=x onerror="window.__pwned=1"> O'Brien; --`;
  const admin = await adminApi();
  const created = await admin.post("/api/users", {
    data: {
      username: "access-hostile-name",
      name,
      role: "analyst",
      password: "long enough password",
    },
  });
  expect([201, 409]).toContain(created.status());
  await admin.dispose();
  await page.goto("/users");
  await expect(page.getByTestId("user-access-hostile-name")).toContainText(name);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
});
