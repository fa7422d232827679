import { describe, expect, it } from "vitest";
import { pageInventory, routeInventory, serverActionFiles } from "../testing/routeInventory";

/**
 * The static half of the route-enumeration check (the end-to-end half calls every route without a
 * session and with each role): every route handler names its permission, so a new route without a
 * check fails here before it ships.
 */
describe("every route and page declares who may use it", () => {
  const routes = routeInventory();

  it("finds the app's route handlers", () => {
    expect(routes.length).toBeGreaterThan(25);
    expect(routes).toContainEqual(
      expect.objectContaining({ url: "/api/decisions", method: "POST", permission: "annotate" }),
    );
  });

  it("builds every route handler with guarded(permission) or publicRoute", () => {
    const unchecked = routes.filter((r) => r.permission === null);
    expect(unchecked.map((r) => `${r.method} ${r.file}`)).toEqual([]);
  });

  it("leaves only better-auth's own endpoints and the health probes public", () => {
    const open = routes.filter((r) => r.permission === "public").map((r) => r.file);
    expect([...new Set(open)].sort()).toEqual([
      "app/api/auth/[...all]/route.ts",
      "app/api/health/ready/route.ts",
      "app/api/health/route.ts",
    ]);
  });

  it("checks the session on every page but sign-in and the no-access notice", () => {
    const unchecked = pageInventory()
      .filter((p) => !p.checked)
      .map((p) => p.url);
    expect(unchecked.sort()).toEqual(["/login", "/no-access"]);
  });

  it("has no server actions (they would need the same checks)", () => {
    expect(serverActionFiles()).toEqual([]);
  });
});
