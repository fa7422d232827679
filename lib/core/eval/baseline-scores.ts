/**
 * A baseline's two scores per item (higher = more likely an issue). Its own module so each
 * baseline file can return it without importing the module that lists them all.
 */
export interface BaselineScores {
  name: string;
  wrong: Float32Array;
  new: Float32Array;
}
