import type { RetrainProposal } from "@/lib/core/adaptation/versions";

/**
 * Says when enough decisions arrived since the last version for a new round to be worth it. It
 * proposes; only a person starts a round (training changes what every annotator's queue shows).
 */
export function RetrainProposalBanner({ proposal }: { proposal: RetrainProposal }) {
  if (!proposal.due) {
    return (
      <p className="text-sm text-slate-500" data-testid="retrain-proposal" data-due="false">
        {proposal.decisionsSince.toLocaleString("en")} new decisions since the last version; a round
        is proposed after {proposal.retrainAfterDecisions.toLocaleString("en")}.
      </p>
    );
  }
  return (
    <p
      className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900"
      role="status"
      data-testid="retrain-proposal"
      data-due="true"
    >
      {proposal.decisionsSince.toLocaleString("en")} decisions arrived since the last version
      (threshold {proposal.retrainAfterDecisions.toLocaleString("en")}): a training round is
      proposed. It runs only when you start it.
    </p>
  );
}
