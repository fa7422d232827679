"use client";

import { DetectorRunStatus } from "@/components/detector/DetectorRunStatus";
import type { TrainingRoundState } from "./useTrainingRound";
import { TrainingCurves } from "./TrainingCurves";

const phaseText = {
  data: "Reading the training pairs and the base model's vectors…",
  storing: "Storing the new version…",
  embedding: "Writing the version's vectors…",
  selecting: "Making the queue follow the new version…",
} as const;

function duration(seconds: number): string {
  return seconds < 90 ? `${Math.ceil(seconds)} s` : `${Math.ceil(seconds / 60)} min`;
}

/** What a training round is doing (with the live curves while it trains), or what it made. */
export function TrainingRoundStatus({ state }: { state: TrainingRoundState }) {
  if (state.status === "idle") return null;
  if (state.status === "cancelled") {
    return (
      <p className="text-sm text-slate-600" role="status" data-testid="training-cancelled">
        Cancelled. A version stored before the cancel is listed below, not selected.
      </p>
    );
  }
  if (state.status === "failed") {
    return (
      <p className="text-sm text-rose-600" role="alert" data-testid="training-failed">
        The round failed: {state.message}
      </p>
    );
  }
  if (state.status === "running") {
    const p = state.progress;
    if (p.phase === "training") {
      return (
        <div className="space-y-1 text-sm text-slate-600" data-testid="training-progress">
          <p>
            Training in this browser&apos;s worker: epoch {p.epoch} of at most {p.maxEpochs}
            {p.secondsLeft === null ? "" : `, about ${duration(p.secondsLeft)} left at most`}
          </p>
          <TrainingCurves
            history={p.history}
            initialValidationLoss={null}
            maxEpochs={p.maxEpochs}
          />
        </div>
      );
    }
    if (p.phase === "scoring") {
      return (
        <div className="space-y-1 text-sm text-slate-600" data-testid="training-progress">
          <p>Re-scoring the dataset in version {p.versionId}&apos;s space:</p>
          <DetectorRunStatus state={{ status: "running", progress: p.detector }} />
        </div>
      );
    }
    return (
      <p className="text-sm text-slate-600" data-testid="training-progress">
        {phaseText[p.phase]}
      </p>
    );
  }
  const { version, metrics, detector, phaseSeconds, seconds } = state.result;
  const loss =
    metrics.initialValidationLoss === null || metrics.bestValidationLoss === null
      ? ""
      : `; validation loss ${metrics.initialValidationLoss.toFixed(3)} → ${metrics.bestValidationLoss.toFixed(3)}`;
  return (
    <div
      className="space-y-1 text-sm"
      data-testid="training-done"
      data-version-id={version.id}
      data-pairs={metrics.trainPairs + metrics.validationPairs}
      data-epochs={metrics.history.length}
      data-best-epoch={metrics.bestEpoch}
      data-initial-validation-loss={metrics.initialValidationLoss ?? ""}
      data-best-validation-loss={metrics.bestValidationLoss ?? ""}
      data-train-seconds={phaseSeconds.training}
      data-embed-seconds={phaseSeconds.embedding}
      data-score-seconds={phaseSeconds.scoring}
      data-seconds={seconds}
    >
      <p className="text-emerald-700" role="status">
        Version {version.id} trained on {metrics.decisionPairs.toLocaleString("en")} decision pairs
        and {metrics.importedPairs.toLocaleString("en")} imported-label pairs in{" "}
        {metrics.history.length} epochs (best {metrics.bestEpoch}
        {metrics.stoppedEarly ? ", stopped early" : ""}){loss}. Re-scored{" "}
        {detector.scored.toLocaleString("en")} creatives: {detector.wrongLabel.toLocaleString("en")}{" "}
        flagged as wrong-labelled, {detector.newLabel.toLocaleString("en")} as needing a new label.
        The queue follows version {version.id}; the round took {seconds.toFixed(1)} s.
      </p>
      {metrics.bestEpoch === 0 ? (
        <p className="text-amber-800" data-testid="training-no-gain">
          No epoch beat the base space on the held-out creatives, so the version keeps the base
          model&apos;s vectors (an identity adapter): the model already agrees with these decisions.
          More corrections, or another objective, give the next round something to learn.
        </p>
      ) : null}
      <TrainingCurves
        history={metrics.history}
        initialValidationLoss={metrics.initialValidationLoss}
        maxEpochs={Number(metrics.options.maxEpochs) || metrics.history.length}
      />
    </div>
  );
}
