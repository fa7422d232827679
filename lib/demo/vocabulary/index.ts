/**
 * All demo vocabulary in one place: the labels that get creatives, the extension's brand labels,
 * and the labels the taxonomy is missing.
 */
import { educationLabels } from "./education";
import { financeLabels } from "./finance";
import { foodLabels } from "./food";
import { healthLabels } from "./health";
import { homeLabels } from "./home";
import { retailBrandLabels, retailExtraExtension, retailLabels } from "./retail";
import { travelLabels } from "./travel";
import type { LabelVocabulary } from "./types";
import { vehicleBrandLabels, vehicleExtraExtension, vehicleLabels } from "./vehicles";

export { missingLabels } from "./missing";
export type { LabelVocabulary, MissingLabelVocabulary } from "./types";

/** Brand-level labels that the extension adds and that get creatives. */
export const brandLevelLabels: readonly LabelVocabulary[] = [
  ...vehicleBrandLabels,
  ...retailBrandLabels,
];

/** Every existing label that gets creatives, brand-level ones included. */
export const knownLabels: readonly LabelVocabulary[] = [
  ...brandLevelLabels,
  ...vehicleLabels,
  ...retailLabels,
  ...foodLabels,
  ...travelLabels,
  ...financeLabels,
  ...educationLabels,
  ...healthLabels,
  ...homeLabels,
];

/** Extension labels that get no creatives (brands a company lists but is not advertising now). */
export const extraExtensionPaths: readonly string[] = [
  ...vehicleExtraExtension,
  ...retailExtraExtension,
];
