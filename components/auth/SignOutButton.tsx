"use client";

import { authClient } from "./authClient";

export function SignOutButton() {
  return (
    <button
      type="button"
      className="rounded px-2 py-1 text-sm text-slate-600 hover:bg-slate-100"
      onClick={async () => {
        await authClient.signOut();
        window.location.replace(new URL("/login", window.location.href));
      }}
    >
      Sign out
    </button>
  );
}
