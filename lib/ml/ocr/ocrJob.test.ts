import { describe, expect, it } from "vitest";
import { runOcrJob, type OcrJobDependencies } from "./ocrJob";

/** A server with `pending` unread images that records what is stored. */
function fakeServer(pending: number[]) {
  const stored: { creativeId: number; text: string }[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (init?.method === "POST") {
      const body = JSON.parse(String(init.body)) as { results: typeof stored };
      stored.push(...body.results);
      for (const r of body.results) pending.splice(pending.indexOf(r.creativeId), 1);
      return Response.json({ saved: body.results.length, textsSet: 1 });
    }
    const limit = Number(new URL(url, "http://x").searchParams.get("limit"));
    return Response.json({
      remaining: pending.length,
      items: pending
        .slice(0, limit)
        .map((id) => ({ creativeId: id, externalId: `c${id}`, imageOnly: true })),
    });
  }) as typeof fetch;
  return { stored, fetchImpl };
}

describe("runOcrJob", () => {
  it("reads every page, stores each text and an unreadable image as empty", async () => {
    const ids = Array.from({ length: 25 }, (_, i) => i + 1);
    const server = fakeServer([...ids]);
    const recognise: OcrJobDependencies["recognise"] = async (images, options) => {
      images.forEach((image, i) =>
        options.onProgress?.({
          kind: "image",
          done: i + 1,
          total: images.length,
          image:
            image.key === "7"
              ? { ok: false, key: image.key, error: "not an image" }
              : {
                  ok: true,
                  key: image.key,
                  text: `text ${image.key}`,
                  confidence: 0.9,
                  lines: 1,
                  ms: 1,
                },
        }),
      );
      return { kind: "recognise", model: "m", images: [], recogniseMs: 1 };
    };
    const progress = await runOcrJob(
      "ads",
      { recognise, model: "m", fetchImpl: server.fetchImpl },
      { signal: new AbortController().signal, onProgress: () => {} },
    );
    expect(progress).toMatchObject({ done: 25, total: 25, failed: 1, textsSet: 2 });
    expect(server.stored).toHaveLength(25);
    expect(server.stored.find((s) => s.creativeId === 7)).toEqual({ creativeId: 7, text: "" });
    expect(server.stored.find((s) => s.creativeId === 8)).toEqual({
      creativeId: 8,
      text: "text 8",
    });
  });

  it("stores what was read before a cancel, then stops", async () => {
    const server = fakeServer([1, 2, 3]);
    const controller = new AbortController();
    const recognise: OcrJobDependencies["recognise"] = async (images, options) => {
      options.onProgress?.({
        kind: "image",
        done: 1,
        total: images.length,
        image: { ok: true, key: images[0]!.key, text: "first", confidence: 1, lines: 1, ms: 1 },
      });
      controller.abort();
      throw new Error("cancelled");
    };
    await expect(
      runOcrJob(
        "ads",
        { recognise, model: "m", fetchImpl: server.fetchImpl },
        { signal: controller.signal, onProgress: () => {} },
      ),
    ).rejects.toThrow("cancelled");
    expect(server.stored).toEqual([{ creativeId: 1, text: "first" }]);
  });
});
