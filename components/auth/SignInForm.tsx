"use client";

import { useState, type FormEvent } from "react";
import { authClient } from "./authClient";

/** Username and password; on success goes to the page the user asked for. */
export function SignInForm({ next }: { next: string }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const { error: failure } = await authClient.signIn.username({ username, password });
    if (failure) {
      setBusy(false);
      setError(
        failure.status === 429
          ? "Too many sign-in attempts. Wait a minute and try again."
          : failure.message || "Wrong username or password.",
      );
      return;
    }
    // A full load, so the server renders the next page (and the navigation) for this user.
    window.location.assign(next);
  }

  return (
    <form onSubmit={submit} className="space-y-4" data-testid="sign-in-form">
      <label className="block text-sm">
        <span className="mb-1 block text-slate-600">Username</span>
        <input
          name="username"
          autoComplete="username"
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          className="w-full rounded border border-slate-300 px-2 py-1.5"
        />
      </label>
      <label className="block text-sm">
        <span className="mb-1 block text-slate-600">Password</span>
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          className="w-full rounded border border-slate-300 px-2 py-1.5"
        />
      </label>
      {error && (
        <p role="alert" className="rounded bg-rose-50 p-2 text-sm text-rose-800">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={busy}
        className="w-full rounded bg-slate-900 px-4 py-2 text-sm font-medium text-white disabled:opacity-40"
      >
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
