/** A ratio as a percentage, or a dash when there was nothing to compute it from. */
export const percent = (v: number | null) => (v === null ? "–" : `${(v * 100).toFixed(1)}%`);

/** A chance-corrected coefficient (kappa, alpha) to three places, or a dash. */
export const coefficient = (v: number | null) => (v === null ? "–" : v.toFixed(3));
