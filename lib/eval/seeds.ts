/**
 * Parses a seed list as a person types it: `1-5`, `1,3`, or both (`1-3,7`). Seeds are positive
 * integers, kept in the order given without repeats; anything else is an error naming the part.
 */
export function parseSeeds(text: string): number[] {
  const seeds: number[] = [];
  for (const part of text.split(",").map((p) => p.trim())) {
    const range = /^(\d+)-(\d+)$/.exec(part);
    const single = /^\d+$/.test(part);
    if (!range && !single) throw new Error(`--seeds: "${part}" is not a seed or a range like 1-5`);
    const from = Number(range ? range[1] : part);
    const to = Number(range ? range[2] : part);
    if (from < 1 || to < from)
      throw new Error(`--seeds: "${part}" is not an ascending range of positive seeds`);
    for (let s = from; s <= to; s++) if (!seeds.includes(s)) seeds.push(s);
  }
  return seeds;
}
