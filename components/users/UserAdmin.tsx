"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { roles, type Role } from "@/lib/core/auth/roles";

interface UserView {
  id: string;
  username: string;
  name: string;
  role: string | null;
  banned: boolean;
  createdAt: string;
}

async function send(url: string, method: string, body: unknown): Promise<string | null> {
  const response = await fetch(url, {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (response.ok) return null;
  const answer = (await response.json().catch(() => null)) as {
    error?: { message?: string };
  } | null;
  return answer?.error?.message ?? `The server answered ${response.status}`;
}

/** The user list with a form to add one and, per user, role, password reset and block. */
export function UserAdmin({ users, selfId }: { users: UserView[]; selfId: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  async function act(work: Promise<string | null>, done: string) {
    setError(null);
    setMessage(null);
    const failure = await work;
    if (failure) setError(failure);
    else {
      setMessage(done);
      router.refresh();
    }
  }

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = Object.fromEntries(new FormData(form)) as Record<string, string>;
    await act(send("/api/users", "POST", data), `Created ${data.username}.`);
    form.reset();
  }

  return (
    <div className="space-y-4">
      <form
        onSubmit={create}
        className="flex flex-wrap items-end gap-2 rounded-lg border border-slate-200 bg-white p-4 text-sm"
        data-testid="user-create"
      >
        <label>
          <span className="block text-slate-600">Username</span>
          <input name="username" required className="rounded border px-2 py-1" />
        </label>
        <label>
          <span className="block text-slate-600">Name</span>
          <input name="name" required className="rounded border px-2 py-1" />
        </label>
        <label>
          <span className="block text-slate-600">Role</span>
          <select name="role" defaultValue="annotator" className="rounded border px-2 py-1">
            {roles.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label>
          <span className="block text-slate-600">Initial password (10+ characters)</span>
          <input
            name="password"
            type="password"
            required
            minLength={10}
            className="rounded border px-2 py-1"
          />
        </label>
        <button type="submit" className="rounded bg-slate-900 px-3 py-1.5 font-medium text-white">
          Add user
        </button>
      </form>
      {error && (
        <p role="alert" className="rounded bg-rose-50 p-2 text-sm text-rose-800">
          {error}
        </p>
      )}
      {message && (
        <p role="status" className="rounded bg-emerald-50 p-2 text-sm text-emerald-800">
          {message}
        </p>
      )}
      <table
        className="w-full rounded-lg border border-slate-200 bg-white text-sm"
        data-testid="users"
      >
        <thead className="text-left text-slate-500">
          <tr>
            <th className="p-2">Username</th>
            <th>Name</th>
            <th>Role</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} className="border-t" data-testid={`user-${u.username}`}>
              <td className="p-2 font-medium">{u.username}</td>
              <td>{u.name}</td>
              <td>
                <select
                  aria-label={`Role of ${u.username}`}
                  value={u.role ?? ""}
                  disabled={u.id === selfId}
                  onChange={(e) =>
                    void act(
                      send(`/api/users/${u.id}`, "PATCH", { role: e.target.value as Role }),
                      `${u.username} is now ${e.target.value}.`,
                    )
                  }
                  className="rounded border px-1 py-0.5"
                >
                  {roles.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              </td>
              <td>{u.banned ? "blocked" : "active"}</td>
              <td className="space-x-1 py-1 text-right">
                <button
                  type="button"
                  className="rounded border px-2"
                  onClick={() => {
                    const password = window.prompt(
                      `New password for ${u.username} (10+ characters)`,
                    );
                    if (password)
                      void act(
                        send(`/api/users/${u.id}`, "PATCH", { password }),
                        `${u.username}'s password was changed and their sessions ended.`,
                      );
                  }}
                >
                  Reset password
                </button>
                {u.id !== selfId && (
                  <button
                    type="button"
                    className="rounded border px-2"
                    onClick={() =>
                      void act(
                        send(`/api/users/${u.id}`, "PATCH", { banned: !u.banned }),
                        `${u.username} is ${u.banned ? "unblocked" : "blocked"}.`,
                      )
                    }
                  >
                    {u.banned ? "Unblock" : "Block"}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
