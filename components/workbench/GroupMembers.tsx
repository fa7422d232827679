import type { QueueItem } from "./types";

/**
 * The other creatives of this one's new-label group: seeing them together shows what the missing
 * label is about, and `n` can label all of them with one decision.
 */
export function GroupMembers({ group }: { group: NonNullable<QueueItem["group"]> }) {
  return (
    <section
      className="rounded border border-violet-200 bg-violet-50 p-3 text-sm"
      data-testid="queue-group"
    >
      <h3 className="font-medium text-violet-900">
        One of {group.size} similar creatives that may need the same new label
        {group.suggestedName && (
          <>
            {" "}
            (suggested: <span data-testid="queue-group-name">{group.suggestedName}</span>
            {group.suggestedParent && ` under ${group.suggestedParent.path.join(" > ")}`})
          </>
        )}
      </h3>
      {group.undecided > 0 ? (
        <ul
          className="mt-2 list-disc space-y-0.5 pl-5 text-slate-700"
          data-testid="queue-group-members"
        >
          {group.others.map((m) => (
            <li key={m.creativeId} className="line-clamp-1">
              {m.text}
            </li>
          ))}
          {group.undecided > group.others.length && (
            <li className="list-none text-slate-500">
              and {group.undecided - group.others.length} more
            </li>
          )}
        </ul>
      ) : (
        <p className="mt-1 text-slate-600">The other members are decided already.</p>
      )}
    </section>
  );
}
