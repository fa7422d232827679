"use client";

import { useRef, useState } from "react";
import { z } from "zod";
import { readJson } from "@/lib/ml/apiJson";

const imageTextSchema = z.object({
  ocrText: z.string().nullable(),
  ocrModel: z.string().nullable(),
});

/**
 * A creative's image: its thumbnail, and the full image in a dialog on click, with the text OCR
 * read from it (beside an imported text, a suggestion the annotator can compare). Renders nothing
 * when the creative has no stored image (the thumbnail answers 404), so callers can use it for
 * every creative that names one. Plain `<img>`: the files are served by our own route with
 * their own cache headers, and Next's image optimiser would decode them a second time.
 */
export function CreativeImage({
  creativeId,
  alt,
  className = "",
}: {
  creativeId: number;
  alt: string;
  className?: string;
}) {
  const [missing, setMissing] = useState(false);
  const [ocr, setOcr] = useState<z.infer<typeof imageTextSchema> | "error" | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);

  function open() {
    dialog.current?.showModal();
    fetch(`/api/images/${creativeId}/text`)
      .then((response) => readJson(response, imageTextSchema, "Reading the image text"))
      .then(setOcr)
      .catch(() => setOcr("error"));
  }
  if (missing) return null;
  return (
    <>
      <button
        type="button"
        className={`block overflow-hidden rounded border border-slate-200 ${className}`}
        title="Show the full image"
        data-testid="creative-image"
        onClick={open}
      >
        {/* eslint-disable-next-line @next/next/no-img-element -- our own route serves and caches it */}
        <img
          src={`/api/images/${creativeId}/thumbnail`}
          alt={alt}
          loading="lazy"
          className="max-h-40 w-auto"
          onError={() => setMissing(true)}
        />
      </button>
      <dialog
        ref={dialog}
        className="m-auto max-w-[90vw] rounded-lg p-0 backdrop:bg-black/60"
        data-testid="creative-image-dialog"
        onClick={(event) => {
          if (event.target === dialog.current) dialog.current.close();
        }}
      >
        {/* eslint-disable-next-line @next/next/no-img-element -- full size, as imported */}
        <img src={`/api/images/${creativeId}`} alt={alt} className="block max-h-[85vh] w-auto" />
        <div className="max-w-prose p-3 text-sm" data-testid="creative-image-ocr">
          {ocr === null ? null : ocr === "error" ? (
            <p className="text-red-700">The text read from this image could not be loaded.</p>
          ) : ocr.ocrText === null ? (
            <p className="text-slate-500">
              No text read from this image yet (Data page: Read text from images).
            </p>
          ) : (
            <>
              <p className="text-xs text-slate-500">Text read from the image ({ocr.ocrModel}):</p>
              <p className="whitespace-pre-wrap">{ocr.ocrText || "(no text found)"}</p>
            </>
          )}
        </div>
        <form method="dialog" className="flex justify-end p-2">
          <button type="submit" className="rounded border border-slate-300 px-3 py-1 text-sm">
            Close
          </button>
        </form>
      </dialog>
    </>
  );
}
