import { describe, expect, it } from "vitest";
import { labelPathToText } from "@/lib/core/encoder/label-text";
import {
  builtInModels,
  bundledModelId,
  defaultModel,
  findModel,
  labelTextFor,
  localModelSpec,
  modelSpecSchema,
  modelVersionOf,
} from "./registry";

describe("model registry", () => {
  it("defaults to the bundled model, which works offline", () => {
    expect(defaultModel().id).toBe(bundledModelId);
    expect(defaultModel().source).toBe("bundled");
  });

  it("lists the hub models with their modality and pooling", () => {
    expect(findModel("Xenova/all-MiniLM-L6-v2")).toMatchObject({
      source: "hub",
      modality: "text",
      pooling: "mean",
    });
    expect(findModel("Xenova/clip-vit-base-patch32")?.modality).toBe("text+image");
  });

  it("has valid, unique specs", () => {
    for (const model of builtInModels) expect(modelSpecSchema.parse(model)).toEqual(model);
    expect(new Set(builtInModels.map((m) => m.id)).size).toBe(builtInModels.length);
  });

  it("embeds labels with the bundled model's training template, leaf first", () => {
    const path = ["Vehicles", "Auto_Repair", "Honda"];
    expect(labelTextFor(defaultModel(), path)).toBe(labelPathToText(path));
    expect(labelTextFor(defaultModel(), path)).toBe("Honda, Auto Repair, Vehicles");
  });

  it("puts weights, dtype and label template in the stored version", () => {
    const base = defaultModel();
    const versions = new Set([
      modelVersionOf(base),
      modelVersionOf({ ...base, version: "2" }),
      modelVersionOf({ ...base, dtype: "q8" }),
      modelVersionOf({ ...base, labelTemplate: "rootFirstPlain" }),
    ]);
    expect(versions.size).toBe(4);
  });

  it("finds user-added local folders and refuses unsafe folder names", () => {
    const local = localModelSpec({ id: "my-finetune" });
    expect(findModel("my-finetune", [local])).toBe(local);
    expect(findModel("my-finetune")).toBeUndefined();
    expect(() => localModelSpec({ id: "../etc" })).toThrow();
    expect(() => localModelSpec({ id: "a/b/c" })).toThrow();
  });
});
