/** The counts the Metrics page shows above the agreement figures (computed on the server). */
export interface AgreementCounts {
  /** Creatives with at least one current annotator decision (or a review). */
  decided: number;
  decisions: number;
  /** Creatives of the latest run's queue that need more than one annotator. */
  overlapItems: number;
  /** Of those, how many have all their annotators (agreeing, in review or settled). */
  overlapComplete: number;
  inReview: number;
  settled: number;
}
