import { z } from "zod";
import { roleSchema } from "./roles";

/** Request bodies of the Users endpoints, shared by the route handlers and the Users page. */

export const usernameSchema = z
  .string()
  .trim()
  .min(2, "must be at least 2 characters")
  .max(64, "must be at most 64 characters")
  .regex(/^[a-z0-9._-]+$/i, "may contain only letters, digits, dots, dashes and underscores");

export const passwordSchema = z
  .string()
  .min(10, "must be at least 10 characters")
  .max(256, "must be at most 256 characters");

export const createUserRequestSchema = z.object({
  username: usernameSchema,
  name: z.string().trim().min(1, "is required").max(200),
  role: roleSchema,
  password: passwordSchema,
});
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;

/** One change at a time: a role, a new password, or blocking/unblocking the account. */
export const updateUserRequestSchema = z.union([
  z.object({ role: roleSchema }),
  z.object({ password: passwordSchema }),
  z.object({ banned: z.boolean() }),
]);
export type UpdateUserRequest = z.infer<typeof updateUserRequestSchema>;
