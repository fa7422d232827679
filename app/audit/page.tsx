import Link from "next/link";
import { auditQuerySchema } from "@/lib/core/auth/auditApi";
import { requirePage } from "@/lib/server/auth/pageAccess";
import { listAudit } from "@/lib/server/data/audit";
import { getDatabase } from "@/lib/server/db";

export const dynamic = "force-dynamic";

/** The newest changes to labels, decisions, users and thresholds, with who made them. */
export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<{ actor?: string; entityType?: string }>;
}) {
  await requirePage("audit", "/audit");
  const raw = await searchParams;
  const filter = auditQuerySchema.safeParse({
    actor: raw.actor || undefined,
    entityType: raw.entityType || undefined,
  });
  const query = filter.success ? filter.data : auditQuerySchema.parse({});
  const { db } = await getDatabase();
  const rows = await listAudit(db, { ...query, limit: 200 });
  const exportQuery = new URLSearchParams({
    ...(query.actor ? { actor: query.actor } : {}),
    ...(query.entityType ? { entityType: query.entityType } : {}),
  });
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Audit log</h1>
      <form className="flex flex-wrap items-end gap-2 text-sm">
        <label>
          <span className="block text-slate-600">Who</span>
          <input
            name="actor"
            defaultValue={query.actor ?? ""}
            className="rounded border px-2 py-1"
          />
        </label>
        <label>
          <span className="block text-slate-600">What</span>
          <select
            name="entityType"
            defaultValue={query.entityType ?? ""}
            className="rounded border px-2 py-1"
          >
            <option value="">everything</option>
            <option value="decision">decisions</option>
            <option value="label">labels</option>
            <option value="user">users</option>
            <option value="detector_threshold">thresholds</option>
          </select>
        </label>
        <button type="submit" className="rounded border px-3 py-1">
          Filter
        </button>
        <Link
          className="underline"
          href={`/api/audit?${exportQuery}&format=jsonl`}
          prefetch={false}
        >
          Export JSONL
        </Link>
        <Link className="underline" href={`/api/audit?${exportQuery}&format=csv`} prefetch={false}>
          Export CSV
        </Link>
      </form>
      <table
        className="w-full rounded-lg border border-slate-200 bg-white text-sm"
        data-testid="audit"
      >
        <thead className="text-left text-slate-500">
          <tr>
            <th className="p-2">When</th>
            <th>Who</th>
            <th>What</th>
            <th>Entity</th>
            <th>Before</th>
            <th>After</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-t align-top" data-testid="audit-row">
              <td className="whitespace-nowrap p-2">
                {r.createdAt.toISOString().replace("T", " ").slice(0, 19)}
              </td>
              <td>{r.actor}</td>
              <td>{r.action}</td>
              <td>
                {r.entityType} {r.entityId}
              </td>
              <td className="max-w-xs break-all font-mono text-xs">
                {r.before ? JSON.stringify(r.before) : ""}
              </td>
              <td className="max-w-xs break-all font-mono text-xs">
                {r.after ? JSON.stringify(r.after) : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p className="text-sm text-slate-500">Nothing recorded yet.</p>}
    </div>
  );
}
