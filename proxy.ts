import { getSessionCookie } from "better-auth/cookies";
import { NextResponse, type NextRequest } from "next/server";

/**
 * Sends a signed-out browser to the sign-in page before any page renders. This only looks for the
 * session cookie (no database here); every page and route handler still checks the session and the
 * role on the server, which is the real check.
 */
export function proxy(request: NextRequest) {
  if (getSessionCookie(request)) return NextResponse.next();
  const next = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  const login = new URL("/login", request.url);
  if (next !== "/") login.searchParams.set("next", next);
  return NextResponse.redirect(login);
}

export const config = {
  // Pages only: API routes answer 401 themselves; the sign-in page, Next's assets, models and
  // runtime files are public.
  matcher: [
    "/((?!api/|login|_next/|models/|ort/|ocr/|favicon.ico|.*\\.(?:wasm|mjs|onnx|json|png|webp|svg)$).*)",
  ],
};
