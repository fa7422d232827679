import { expect, request, test, type Page } from "@playwright/test";
import path from "node:path";
import type { Role } from "@/lib/core/auth/roles";

/**
 * Accounts for the end-to-end tests. The test servers start with CREATIVE_TRIAGE_ADMIN_PASSWORD
 * set (the documented way for automated setups), a setup project signs in as that admin and saves
 * the session, and every test starts signed in as the admin unless it signs in as someone else.
 */
export const e2eAdmin = { username: "admin", password: "e2e-admin-password-0001" };

/** The saved admin session of a Playwright project (each server has its own). */
export function adminStatePath(project: string): string {
  return path.join(process.env.E2E_OUTPUT_DIR ?? "test-results", ".auth", `${project}.json`);
}

/** Test users get a password derived from their name (they exist only in test databases). */
export function passwordOf(username: string): string {
  return `${username}-e2e-password`;
}

function baseUrl(): string {
  const url = test.info().project.use.baseURL;
  if (!url) throw new Error("The Playwright project has no baseURL");
  return url;
}

/** The project whose admin session creates users (the setup project's name without "setup-"). */
function projectOfTest(): string {
  return test.info().project.name;
}

/** An API client signed in as the admin (for checks a test's own user may not make). */
export function adminApi() {
  return request.newContext({
    baseURL: baseUrl(),
    storageState: adminStatePath(projectOfTest()),
    extraHTTPHeaders: { origin: baseUrl() },
  });
}

/** Creates the account (as the admin) unless it exists. */
export async function ensureUser(username: string, role: Role): Promise<void> {
  const admin = await adminApi();
  try {
    const response = await admin.post("/api/users", {
      data: { username, name: username, role, password: passwordOf(username) },
    });
    if (response.status() !== 201 && response.status() !== 409)
      throw new Error(`Creating ${username} failed: ${response.status()} ${await response.text()}`);
  } finally {
    await admin.dispose();
  }
}

/** An API client signed in as `username` (created with `role` if new), apart from any page. */
export async function apiAs(username: string, role: Role) {
  await ensureUser(username, role);
  const api = await request.newContext({
    baseURL: baseUrl(),
    storageState: { cookies: [], origins: [] },
    extraHTTPHeaders: { origin: baseUrl() },
  });
  const response = await api.post("/api/auth/sign-in/username", {
    data: { username, password: passwordOf(username) },
  });
  expect(response.status(), await response.text()).toBe(200);
  return api;
}

/** Signs this page's browser context in as `username` (creating the account with `role`). */
export async function signInAs(page: Page, username: string, role: Role): Promise<void> {
  await ensureUser(username, role);
  const response = await page.request.post("/api/auth/sign-in/username", {
    data: { username, password: passwordOf(username) },
    headers: { origin: baseUrl() },
  });
  expect(response.status(), await response.text()).toBe(200);
}
