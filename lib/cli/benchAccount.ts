import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";

/**
 * The admin account of a benchmark's own throw-away server: the server creates it at first start
 * from CREATIVE_TRIAGE_ADMIN_PASSWORD (pass `benchAccountEnv` in its environment) and the
 * benchmark's page signs in with it before opening any page.
 */
const password = randomBytes(18).toString("base64url");

export const benchAccountEnv = { CREATIVE_TRIAGE_ADMIN_PASSWORD: password };

export async function signInForBench(page: Page, baseUrl: string): Promise<void> {
  const response = await page.request.post(`${baseUrl}/api/auth/sign-in/username`, {
    data: { username: "admin", password },
    headers: { origin: baseUrl },
  });
  if (!response.ok())
    throw new Error(`Signing in to the benchmark server failed: ${response.status()}`);
}
