/**
 * Where to go after signing in: only a path of this app. `//evil.example` or `https://...` would
 * make the sign-in page an open redirect, so anything but a plain absolute path becomes `/`.
 */
export function safeNextPath(value: string | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\"))
    return "/";
  return value;
}
