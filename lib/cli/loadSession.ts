/**
 * One signed-in client of the load benchmark: plain `fetch` with the session cookie kept by hand,
 * so forty of them cost nothing next to the servers they load. The base URL can change (an
 * annotator moves to another app instance); the cookie stays valid there because every instance
 * shares the database and the signing secret.
 */
export class LoadSession {
  private cookie = "";

  constructor(public baseUrl: string) {}

  /** Signs in with a username and password; throws with the server's answer when refused. */
  async signIn(username: string, password: string): Promise<void> {
    const response = await fetch(`${this.baseUrl}/api/auth/sign-in/username`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: this.baseUrl },
      body: JSON.stringify({ username, password }),
    });
    if (!response.ok)
      throw new Error(
        `Signing in as ${username} failed: ${response.status} ${await response.text()}`,
      );
    this.cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
  }

  /**
   * Sends a request with the session and answers with its status and parsed body; a network
   * failure (the instance is gone) throws as `fetch` does.
   */
  async send(
    method: "GET" | "POST",
    route: string,
    body?: unknown,
    contentType = "application/json",
  ): Promise<{ status: number; body: unknown; text: string }> {
    const response = await fetch(`${this.baseUrl}${route}`, {
      method,
      headers: {
        cookie: this.cookie,
        origin: this.baseUrl,
        ...(body === undefined ? {} : { "content-type": contentType }),
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    return { status: response.status, body: parsed, text };
  }
}
