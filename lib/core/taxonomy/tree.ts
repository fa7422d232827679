/** A label in a tree, with the creatives counted on it and on everything below it. */
export interface TreeNode<T> {
  item: T;
  children: TreeNode<T>[];
  /** Sum of `count` over the node and its descendants. */
  subtreeCount: number;
}

/**
 * Builds a forest from flat labels (id/parentId) and sums counts bottom-up, so a branch shows how
 * many creatives sit anywhere under it. Children keep the input order.
 */
export function buildTree<T extends { id: number; parentId: number | null }>(
  items: readonly T[],
  count: (item: T) => number,
): TreeNode<T>[] {
  const nodes = new Map<number, TreeNode<T>>();
  for (const item of items) nodes.set(item.id, { item, children: [], subtreeCount: 0 });
  const roots: TreeNode<T>[] = [];
  for (const node of nodes.values()) {
    const parent = node.item.parentId === null ? undefined : nodes.get(node.item.parentId);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const sum = (node: TreeNode<T>): number => {
    node.subtreeCount =
      count(node.item) + node.children.reduce((total, child) => total + sum(child), 0);
    return node.subtreeCount;
  };
  roots.forEach(sum);
  return roots;
}

/**
 * The ids to show for a search: every label whose path matches all the query's words, plus its
 * ancestors so the match is seen in place. An empty query returns undefined (show everything).
 */
export function matchingIds<
  T extends { id: number; parentId: number | null; path: readonly string[] },
>(items: readonly T[], query: string): Set<number> | undefined {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return undefined;
  const byId = new Map(items.map((i) => [i.id, i]));
  const shown = new Set<number>();
  for (const item of items) {
    const haystack = item.path.join(" > ").toLowerCase();
    if (!words.every((w) => haystack.includes(w))) continue;
    for (let current: T | undefined = item; current && !shown.has(current.id);) {
      shown.add(current.id);
      current = current.parentId === null ? undefined : byId.get(current.parentId);
    }
  }
  return shown;
}
