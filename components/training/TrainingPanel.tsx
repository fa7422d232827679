"use client";

import { useState } from "react";
import { useEmbeddingSettings } from "@/components/embedding/useEmbeddingSettings";
import {
  adapterObjectives,
  objectiveNames,
  type AdapterObjective,
} from "@/lib/core/adaptation/objectives";
import { defaultAdapterTrainOptions } from "@/lib/core/adaptation/trainAdapter";
import { modelVersionOf } from "@/lib/core/models/registry";
import { selectTrainedVersion } from "@/lib/ml/training/trainingApi";
import { ModelVersionTable } from "./ModelVersionTable";
import { RetrainProposalBanner } from "./RetrainProposalBanner";
import { RetrainThresholdForm } from "./RetrainThresholdForm";
import { TrainingRoundStatus } from "./TrainingRoundStatus";
import { useModelVersions } from "./useModelVersions";
import { useTrainingRound } from "./useTrainingRound";
import { DatasetSelect } from "@/components/data/DatasetSelect";

/**
 * The active-learning loop on Settings: train a version of the active model from the dataset's
 * decisions (in this browser's training worker), watch its curves, and choose which space the
 * queue follows. A round trains a Dense adapter over the frozen model, stores it as a version,
 * writes its vectors, re-runs the detector in its space and selects it; rolling back is one click.
 */
export function TrainingPanel({
  datasets,
  canCurate,
}: {
  datasets: readonly { name: string }[];
  canCurate: boolean;
}) {
  const { activeModel, runtime } = useEmbeddingSettings();
  const [dataset, setDataset] = useState(datasets[0]?.name ?? "");
  const [objective, setObjective] = useState<AdapterObjective>(
    defaultAdapterTrainOptions.objective,
  );
  const [selectError, setSelectError] = useState<string | null>(null);
  const query = { dataset, modelId: activeModel.id, modelVersion: modelVersionOf(activeModel) };
  const versions = useModelVersions(query);
  const round = useTrainingRound();
  const running = round.state.status === "running";

  if (datasets.length === 0) return null;

  const select = (versionId: number | null) => {
    setSelectError(null);
    selectTrainedVersion({
      dataset,
      baseModelId: query.modelId,
      baseModelVersion: query.modelVersion,
      versionId,
    })
      .then(() => versions.reload())
      .catch((error: unknown) =>
        setSelectError(error instanceof Error ? error.message : String(error)),
      );
  };

  return (
    <section
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
      data-testid="training-panel"
    >
      <div>
        <h2 className="font-medium">Learn from decisions</h2>
        <p className="text-sm text-slate-500">
          Trains a Dense adapter over <span className="font-mono">{activeModel.id}</span> from the
          dataset&apos;s training pairs (decisions, and imported labels of unflagged creatives at
          lower weight), with a held-out validation split and early stopping. The base model stays
          frozen, so every version can be rolled back.
        </p>
      </div>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <label className="flex items-center gap-1">
          Dataset
          <DatasetSelect
            datasets={datasets}
            value={dataset}
            onChange={setDataset}
            disabled={running}
            testId="training-dataset"
          />
        </label>
        <label className="flex items-center gap-1">
          Objective
          <select
            className="rounded border border-slate-300 px-2 py-1"
            value={objective}
            onChange={(event) => setObjective(event.target.value as AdapterObjective)}
            disabled={running}
            data-testid="training-objective"
          >
            {adapterObjectives.map((o) => (
              <option key={o} value={o}>
                {objectiveNames[o]}
                {o === defaultAdapterTrainOptions.objective ? " (default)" : ""}
              </option>
            ))}
          </select>
        </label>
        {canCurate ? (
          running ? (
            <button
              type="button"
              className="rounded border border-slate-300 px-3 py-1.5"
              onClick={round.cancel}
              data-testid="training-cancel"
            >
              Cancel
            </button>
          ) : (
            <button
              type="button"
              className="rounded bg-slate-900 px-3 py-1.5 text-white"
              data-testid="training-start"
              onClick={() =>
                void round
                  .start({ dataset, model: activeModel, runtime, objective })
                  .then(() => versions.reload())
              }
            >
              Train a round
            </button>
          )
        ) : (
          <span className="text-slate-500">
            Training and selecting versions needs the admin role.
          </span>
        )}
      </div>
      <TrainingRoundStatus state={round.state} />
      {versions.state.status === "loading" ? (
        <p className="text-sm text-slate-500">Reading the versions…</p>
      ) : versions.state.status === "failed" ? (
        <p className="text-sm text-rose-600" role="alert">
          {versions.state.message}
        </p>
      ) : (
        <>
          <RetrainProposalBanner proposal={versions.state.listing.proposal} />
          {canCurate ? (
            <RetrainThresholdForm
              key={`${dataset}:${versions.state.listing.settings.retrainAfterDecisions}`}
              dataset={dataset}
              current={versions.state.listing.settings.retrainAfterDecisions}
              onSaved={versions.reload}
            />
          ) : null}
          <ModelVersionTable
            listing={versions.state.listing}
            baseLabel={activeModel.label}
            canCurate={canCurate}
            busy={running}
            onSelect={select}
          />
          {selectError ? (
            <p className="text-sm text-rose-600" role="alert">
              {selectError}
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
