import type { ClearedFlagCounts, DetectorRunPrecision } from "@/lib/core/adaptation/versions";

/** The space a run was computed in, as an analyst names it: the base model or "version N". */
function spaceName(run: DetectorRunPrecision): string {
  return run.versionId === null ? run.modelId : `version ${run.versionId}`;
}

/**
 * Per detector run (base model or trained version, newest first): how many it flagged, how many
 * of those were decided after the run and how many of the decisions found a real issue. The run
 * the queue follows is marked, with the flags its space cleared when it is a trained version's.
 */
export function VersionPrecisionTable({
  runs,
  followed,
  cleared,
}: {
  runs: readonly DetectorRunPrecision[];
  followed: { modelId: string; modelVersion: string } | null;
  cleared: ClearedFlagCounts | null;
}) {
  return (
    <section className="space-y-2" data-testid="version-precision">
      <h2 className="text-lg font-semibold">Flag precision by version</h2>
      {runs.length === 0 ? (
        <p className="text-sm text-slate-500">No detector run yet.</p>
      ) : (
        <table className="text-sm" data-testid="version-precision-table">
          <thead>
            <tr className="text-left text-slate-600">
              <th className="pr-4">Space</th>
              <th className="pr-4">Computed at</th>
              <th className="pr-4 text-right">Flagged</th>
              <th className="pr-4 text-right">Decided after the run</th>
              <th className="pr-4 text-right">Issues found</th>
              <th className="pr-4 text-right">Precision</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => {
              const isFollowed =
                followed?.modelId === run.modelId && followed.modelVersion === run.modelVersion;
              return (
                <tr
                  key={`${run.modelId} ${run.modelVersion}`}
                  data-testid="version-precision-row"
                  data-model-version={run.modelVersion}
                  data-followed={isFollowed ? "true" : undefined}
                  className={isFollowed ? "bg-amber-50 font-medium" : undefined}
                >
                  <td className="pr-4" title={`${run.modelId} ${run.modelVersion}`}>
                    {spaceName(run)}
                    {isFollowed ? (
                      <span className="ml-2 text-xs text-amber-700" data-testid="followed-run">
                        queue follows this run
                      </span>
                    ) : null}
                  </td>
                  <td className="pr-4">{new Date(run.computedAt).toLocaleString()}</td>
                  <td className="pr-4 text-right">{run.flagged}</td>
                  <td className="pr-4 text-right">{run.decided}</td>
                  <td className="pr-4 text-right">{run.issues}</td>
                  <td className="pr-4 text-right" data-testid="version-precision-value">
                    {run.precision === null ? (
                      <span title="nothing decided yet">—</span>
                    ) : (
                      `${(run.precision * 100).toFixed(0)}%`
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {cleared ? (
        <p className="text-sm text-slate-600" data-testid="cleared-flags">
          The followed version&apos;s run cleared {cleared.total} flags of its parent space (
          {cleared.wrongLabel} wrong label, {cleared.newLabel} new label).
        </p>
      ) : null}
    </section>
  );
}
