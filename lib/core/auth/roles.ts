import { z } from "zod";

/**
 * The product's roles and what each may do. Routes and pages name a permission, never a role, so
 * the whole access policy is this one table, and the route-enumeration test checks every route
 * against it.
 */
export const roles = ["admin", "annotator", "analyst"] as const;
export type Role = (typeof roles)[number];
export const roleSchema = z.enum(roles);

export const permissions = [
  /** See datasets, taxonomies, labels and creative images. */
  "read",
  /** Work the queue: claim, decide, skip, undo, propose a label. */
  "annotate",
  /** The map, metrics, thresholds and detector figures, exports. */
  "analyze",
  /** Recompute derived data (embeddings, detector scores, stored maps) in the browser. */
  "compute",
  /** Change what everyone works on: imports, OCR text, label review, thresholds, bulk decisions, overlap. */
  "curate",
  /** Settle disagreements between overlapping annotators. */
  "review",
  /** Create users, change roles, reset passwords. */
  "manageUsers",
  /** Read and export the audit log. */
  "audit",
] as const;
export type Permission = (typeof permissions)[number];

const granted: Record<Role, readonly Permission[]> = {
  admin: permissions,
  annotator: ["read", "annotate"],
  analyst: ["read", "analyze", "compute"],
};

export function can(role: Role, permission: Permission): boolean {
  return granted[role].includes(permission);
}

/** Roles that hold a permission, for messages ("needs the admin or analyst role"). */
export function rolesWith(permission: Permission): Role[] {
  return roles.filter((role) => can(role, permission));
}

/** A role read from storage: an unknown or missing value grants nothing. */
export function parseRole(value: unknown): Role | null {
  const parsed = roleSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
