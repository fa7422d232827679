import { suggestionList, type LabelChoice, type QueueItem } from "./types";

/** What a command may do to the workbench; the workbench implements it, commands stay pure. */
export interface WorkbenchActions {
  decide(decision: {
    action: "accept" | "pick" | "generative";
    label: LabelChoice;
    rejected?: LabelChoice;
  }): void;
  skip(): void;
  undo(): void;
  openPicker(): void;
  openNewLabel(prefillName?: string): void;
  toggleHelp(): void;
}

/**
 * An annotator action: one definition gives its key, its button, its line in the `?` overlay and
 * what it does, so shortcuts, buttons and tests never drift apart.
 */
export interface WorkbenchCommand {
  id: string;
  /** The key as KeyboardEvent.key reports it. */
  keys: string[];
  /** How the key is shown on buttons and in the help. */
  keyLabel: string;
  title: string;
  enabled(item: QueueItem | null): boolean;
  perform(item: QueueItem | null, actions: WorkbenchActions): void;
}

const pickCommands: WorkbenchCommand[] = Array.from({ length: 9 }, (_, i) => ({
  id: `pick-${i + 1}`,
  keys: [String(i + 1)],
  keyLabel: String(i + 1),
  title: `Pick suggested label ${i + 1}`,
  enabled: (item) => item !== null && suggestionList(item).length > i,
  perform: (item, actions) => {
    const label = item ? suggestionList(item)[i] : undefined;
    if (!item) return;
    if (!label) return;
    const rejected =
      item.predicted && item.predicted.labelId !== label.labelId ? item.predicted : undefined;
    actions.decide({ action: "pick", label, rejected });
  },
}));

export const workbenchCommands: WorkbenchCommand[] = [
  {
    id: "accept",
    keys: ["a"],
    keyLabel: "A",
    title: "Accept the classifier's label",
    enabled: (item) => item?.predicted != null,
    perform: (item, actions) => {
      if (item?.predicted) actions.decide({ action: "accept", label: item.predicted });
    },
  },
  {
    id: "reject",
    keys: ["x"],
    keyLabel: "X",
    title: "Reject it and choose another label",
    enabled: (item) => item !== null,
    perform: (_item, actions) => actions.openPicker(),
  },
  ...pickCommands,
  {
    id: "generative",
    keys: ["g"],
    keyLabel: "G",
    title: "Take the generative model's label (or propose it as a new label)",
    enabled: (item) => item?.generative != null,
    perform: (item, actions) => {
      if (!item?.generative) return;
      if (item.generative.label) {
        const rejected =
          item.predicted && item.predicted.labelId !== item.generative.label.labelId
            ? item.predicted
            : undefined;
        actions.decide({ action: "generative", label: item.generative.label, rejected });
      } else {
        actions.openNewLabel(item.generative.value);
      }
    },
  },
  {
    id: "new-label",
    keys: ["n"],
    keyLabel: "N",
    title: "Create a new label",
    enabled: (item) => item !== null,
    perform: (_item, actions) => actions.openNewLabel(),
  },
  {
    id: "skip",
    keys: [" "],
    keyLabel: "Space",
    title: "Skip (another annotator gets it)",
    enabled: (item) => item !== null,
    perform: (_item, actions) => actions.skip(),
  },
  {
    id: "undo",
    keys: ["Backspace"],
    keyLabel: "⌫",
    title: "Undo the last decision",
    enabled: () => true,
    perform: (_item, actions) => actions.undo(),
  },
  {
    id: "help",
    keys: ["?"],
    keyLabel: "?",
    title: "Show or hide the shortcuts",
    enabled: () => true,
    perform: (_item, actions) => actions.toggleHelp(),
  },
];

/** The command a key press triggers, if any. */
export function commandForKey(key: string): WorkbenchCommand | undefined {
  return workbenchCommands.find((c) => c.keys.includes(key));
}
