import { describe, expect, it } from "vitest";
import { can, parseRole, permissions, roles, rolesWith } from "./roles";

describe("roles", () => {
  it("gives admins every permission", () => {
    for (const permission of permissions) expect(can("admin", permission)).toBe(true);
  });

  it("keeps annotators to the queue and analysts to analysis", () => {
    expect(permissions.filter((p) => can("annotator", p))).toEqual(["read", "annotate"]);
    expect(permissions.filter((p) => can("analyst", p))).toEqual(["read", "analyze", "compute"]);
    expect(rolesWith("curate")).toEqual(["admin"]);
    expect(rolesWith("annotate")).toEqual(["admin", "annotator"]);
  });

  it("grants nothing to an unknown stored role", () => {
    expect(parseRole("user")).toBeNull();
    expect(parseRole(null)).toBeNull();
    expect(roles.map(parseRole)).toEqual([...roles]);
  });
});
