import { expect, test as setup } from "@playwright/test";
import { adminStatePath, e2eAdmin } from "./support/accounts";

/** Signs in as the admin the test server created at first start, for every test of the project. */
setup("sign in as the admin", async ({ request, baseURL }) => {
  const project = setup.info().project.name.replace(/^setup-/, "");
  const response = await request.post("/api/auth/sign-in/username", {
    data: e2eAdmin,
    headers: { origin: baseURL! },
  });
  expect(response.status(), await response.text()).toBe(200);
  await request.storageState({ path: adminStatePath(project) });
});
