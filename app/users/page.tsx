import { UserAdmin } from "@/components/users/UserAdmin";
import { requirePage } from "@/lib/server/auth/pageAccess";
import { listUsers } from "@/lib/server/data/users";
import { getDatabase } from "@/lib/server/db";

export const dynamic = "force-dynamic";

/** Accounts and roles: create annotators and analysts, change roles, reset passwords, block. */
export default async function UsersPage() {
  const actor = await requirePage("manageUsers", "/users");
  const { db } = await getDatabase();
  const users = await listUsers(db);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Users</h1>
      <p className="max-w-3xl text-sm text-slate-600">
        Annotators work the queue; analysts see the map, metrics and exports; admins do everything,
        including imports, label review and this page. Every change here is in the audit log.
      </p>
      <UserAdmin
        users={users.map((u) => ({ ...u, createdAt: u.createdAt.toISOString() }))}
        selfId={actor.id}
      />
    </div>
  );
}
