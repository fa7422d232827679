/** The embedding map: placeholder until the in-browser embedding engine and UMAP land. */
export default function MapPage() {
  return (
    <div>
      <h1 className="text-2xl font-semibold">Map</h1>
      <p className="mt-2 max-w-2xl text-sm text-slate-600">
        The 2-D map of text, image and label embeddings needs the in-browser embedding engine, which
        is not part of this version yet. Creatives and labels are browsable on the Queue and Labels
        pages.
      </p>
    </div>
  );
}
