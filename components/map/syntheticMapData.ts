import { seededRandom, gaussian } from "@/lib/core/map/random";
import { clusteredVectors } from "@/lib/core/map/synthetic";
import type { MapData, MapPoint } from "./mapData";

/**
 * A seeded demo map that needs nothing from the server: creatives drawn around the labels of a
 * small two-level taxonomy, some with an image vector near their text, a few wrong-labelled (the
 * label of a sibling) and one sub-cluster whose label is missing from the taxonomy (new-label
 * candidates). It shows what the real map shows and lets the page be tested on its own.
 */

const branches: [string, string[]][] = [
  ["Vehicles", ["Auto Repair", "Car Dealers", "Motorcycles", "Tires"]],
  ["Travel", ["Flights", "Hotels", "Cruises", "Car Rental"]],
  ["Food & Drink", ["Restaurants", "Groceries", "Coffee", "Wine"]],
  ["Finance", ["Banking", "Insurance", "Loans", "Investing"]],
  ["Retail", ["Apparel", "Shoes", "Jewelry", "Toys"]],
  ["Technology", ["Phones", "Laptops", "Software", "Gaming"]],
];
const subclusters = 4;
const dim = 64;

/** Builds the demo map data; the same options give the same data. */
export function syntheticMapData(options: { creatives: number; seed?: number }): MapData {
  const seed = options.seed ?? 2024;
  const {
    vectors: creativeVectors,
    cluster,
    centres,
  } = clusteredVectors({
    n: options.creatives,
    dim,
    seed,
    groups: branches.length,
    subclusters,
    noise: 0.7,
  });
  const random = seededRandom(seed + 1);
  const pathOf = (c: number): string[] => {
    const [top, children] = branches[Math.floor(c / subclusters)]!;
    return [top, children[c % subclusters]!];
  };
  // The last sub-cluster has no label in the taxonomy: its creatives need a new one.
  const missing = branches.length * subclusters - 1;
  const points: MapPoint[] = [];
  const rows: Float32Array[] = [];
  for (let i = 0; i < options.creatives; i++) {
    const c = cluster[i]!;
    const vector = creativeVectors.subarray(i * dim, (i + 1) * dim);
    let branch = pathOf(c);
    let flag: MapPoint["flag"] = null;
    if (c === missing) {
      branch = pathOf(c - 1);
      flag = "new_label";
    } else if (random() < 0.08) {
      branch = pathOf(c - (c % subclusters) + ((c + 1) % subclusters));
      flag = "wrong_label";
    }
    const decided = random() < 0.2;
    const text = `Demo creative ${i + 1}: ${pathOf(c)[1]!.toLowerCase()} offer`;
    points.push({ kind: "text", ownerId: i + 1, label: text, branch, flag, decided });
    rows.push(vector);
    if (random() < 0.3) {
      const image = vector.map((v) => v + 0.08 * gaussian(random));
      points.push({
        kind: "image",
        ownerId: i + 1,
        label: `Image of ${text}`,
        branch,
        flag,
        decided,
      });
      rows.push(image);
    }
  }
  for (let c = 0; c < branches.length * subclusters; c++) {
    if (c === missing) continue;
    const path = pathOf(c);
    points.push({
      kind: "label",
      ownerId: 10_000 + c,
      label: path.join(" > "),
      branch: path,
      flag: null,
      decided: false,
    });
    rows.push(centres.subarray(c * dim, (c + 1) * dim));
  }
  const vectors = new Float32Array(rows.length * dim);
  rows.forEach((row, i) => vectors.set(row, i * dim));
  return { points, dim, vectors, source: `demo data (${options.creatives} synthetic creatives)` };
}
