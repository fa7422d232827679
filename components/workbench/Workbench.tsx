"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import { labelGroup, loadLabels, proposeLabel } from "./api";
import { commandForKey, workbenchCommands, type WorkbenchActions } from "./commands";
import { CreativeCard } from "./CreativeCard";
import { HelpOverlay } from "./HelpOverlay";
import { HistorySidebar } from "./HistorySidebar";
import { LabelPicker } from "./LabelPicker";
import { NewLabelDialog } from "./NewLabelDialog";
import type { TaxonomyLabel } from "./types";
import { useWorkbench } from "./useWorkbench";

type Dialog = { kind: "picker" } | { kind: "new-label"; name: string } | { kind: "help" } | null;

/**
 * The annotation workbench: one creative at a time, every action a registered command with its
 * key, decisions sent through a persistent outbox so none is lost.
 */
export function Workbench({
  dataset,
  taxonomyId,
  annotator,
  strategy,
}: {
  dataset: string;
  taxonomyId: number;
  annotator: string;
  strategy: string;
}) {
  const { state, actions, decideWith, dropDecided, reopen, cancelEdit } = useWorkbench(
    dataset,
    annotator,
    strategy,
  );
  const [labels, setLabels] = useState<TaxonomyLabel[]>([]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [groupMessage, setGroupMessage] = useState<string | null>(null);
  const item = state.current;

  const reloadLabels = useCallback(() => {
    loadLabels(taxonomyId)
      .then((r) => setLabels(r.labels))
      .catch((e: Error) => setDialogError(e.message));
  }, [taxonomyId]);
  useEffect(reloadLabels, [reloadLabels]);

  const allActions: WorkbenchActions = useMemo(
    () => ({
      ...actions,
      openPicker: () => setDialog({ kind: "picker" }),
      openNewLabel: (name?: string) =>
        setDialog({ kind: "new-label", name: name?.split(/\s*(?:>|\/)\s*/).pop() ?? "" }),
      toggleHelp: () => setDialog((d) => (d?.kind === "help" ? null : { kind: "help" })),
    }),
    [actions],
  );

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (dialog && dialog.kind !== "help") return;
      if (
        event.target instanceof HTMLInputElement ||
        event.target instanceof HTMLSelectElement ||
        event.target instanceof HTMLTextAreaElement
      )
        return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const command = commandForKey(event.key);
      if (!command) return;
      if (dialog?.kind === "help" && command.id !== "help") setDialog(null);
      event.preventDefault();
      if (command.enabled(item)) command.perform(item, allActions);
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [allActions, dialog, item]);

  const commandKeys = Object.fromEntries(workbenchCommands.map((c) => [c.id, c.keyLabel]));
  const parentOf = (labelId: number | undefined) =>
    labels.find((l) => l.id === labelId)?.parentId ?? null;

  async function createLabel(name: string, parentId: number | null, wholeGroup: boolean) {
    const group = item?.group;
    let label: { id: number; path: string[] };
    try {
      ({ label } = await proposeLabel({ taxonomyId, parentId, name }));
    } catch (e) {
      setDialogError((e as Error).message);
      return;
    }
    reloadLabels();
    setDialog(null);
    setDialogError(null);
    decideWith(
      "new_label",
      { labelId: label.id, path: label.path, score: null },
      item?.predicted ?? undefined,
    );
    if (!wholeGroup || !group || !item) return;
    // The annotator's own item goes through the outbox like any decision; the rest of the group
    // is decided on the server in one transaction.
    try {
      const outcome = await labelGroup({
        groupId: group.id,
        labelId: label.id,
        exceptCreativeIds: [item.creativeId],
      });
      dropDecided(outcome.results.filter((r) => r.status === "decided").map((r) => r.creativeId));
      setGroupMessage(
        `"${label.path.join(" > ")}" also given to ${outcome.decided} other creative${outcome.decided === 1 ? "" : "s"} of the group` +
          (outcome.skipped > 0 ? ` (${outcome.skipped} were decided already)` : "") +
          ".",
      );
    } catch (e) {
      setGroupMessage(
        `This creative got the new label, but the rest of its group did not: ${(e as Error).message}`,
      );
    }
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_18rem]">
      <div className="space-y-4">
        <div className="flex flex-wrap items-center gap-4 text-sm text-slate-600">
          {state.counts && (
            <span data-testid="queue-counts">
              {state.counts.decided} of {state.counts.flagged} flagged creatives decided,{" "}
              {state.counts.remaining} to go
            </span>
          )}
          {state.pending.length > 0 && (
            <span
              className="rounded bg-rose-100 px-2 py-0.5 text-rose-800"
              role="status"
              data-testid="pending-decisions"
            >
              {state.pending.length} decision{state.pending.length > 1 ? "s" : ""} not saved yet,
              retrying
            </span>
          )}
          <button
            type="button"
            className="ml-auto rounded border px-2 py-0.5"
            onClick={allActions.toggleHelp}
          >
            Shortcuts <kbd>?</kbd>
          </button>
        </div>
        {state.error && (
          <p
            role="alert"
            className="rounded bg-rose-50 p-3 text-sm text-rose-800"
            data-testid="workbench-error"
          >
            {state.error}
          </p>
        )}
        {groupMessage && (
          <p
            className="rounded bg-violet-50 p-2 text-sm text-violet-900"
            role="status"
            data-testid="group-message"
          >
            {groupMessage}
          </p>
        )}
        {state.editing && (
          <p className="rounded bg-sky-50 p-2 text-sm text-sky-900" data-testid="editing-banner">
            Changing an earlier decision.{" "}
            <button type="button" className="underline" onClick={cancelEdit}>
              Keep it as it was
            </button>
          </p>
        )}
        {item ? (
          <>
            <CreativeCard item={item} commandKeys={commandKeys} />
            <div className="flex flex-wrap gap-2" data-testid="command-buttons">
              {workbenchCommands
                .filter((c) => !c.id.startsWith("pick-") && c.id !== "help")
                .map((c) => (
                  <button
                    key={c.id}
                    type="button"
                    disabled={!c.enabled(item)}
                    onClick={() => c.perform(item, allActions)}
                    className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-40"
                    data-testid={`command-${c.id}`}
                  >
                    {c.title} <kbd className="ml-1 rounded border px-1 text-xs">{c.keyLabel}</kbd>
                  </button>
                ))}
            </div>
          </>
        ) : (
          <p
            className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-500"
            data-testid="queue-empty"
          >
            {state.loading ? "Loading the queue…" : "Nothing left to review in this queue."}
          </p>
        )}
      </div>
      <HistorySidebar history={state.history} onReopen={reopen} />
      {dialog?.kind === "picker" && item && (
        <LabelPicker
          labels={labels}
          title="Choose the right label"
          onClose={() => setDialog(null)}
          onPick={(label) => {
            setDialog(null);
            decideWith(
              "reject",
              { labelId: label.id, path: label.path, score: null },
              item.predicted ?? undefined,
            );
          }}
        />
      )}
      {dialog?.kind === "new-label" && item && (
        <NewLabelDialog
          labels={labels}
          initialName={dialog.name || item.group?.suggestedName || ""}
          initialParentId={
            item.group?.suggestedParent?.labelId ??
            item.suggestedParent?.labelId ??
            parentOf(item.predicted?.labelId)
          }
          groupOthers={item.group?.undecided ?? 0}
          onClose={() => setDialog(null)}
          onCreate={createLabel}
          error={dialogError}
        />
      )}
      {dialog?.kind === "help" && (
        <HelpOverlay commands={workbenchCommands} onClose={() => setDialog(null)} />
      )}
    </div>
  );
}
