import { similarityMatrix } from "../linalg/gemm";

/**
 * A Dense adapter on top of a frozen encoder (as Sentence Transformers' `Dense` module without
 * bias, followed by `Normalize`): `u = normalize(W x)` for a base vector `x`. Texts, images and labels all
 * pass through the same adapter, so they stay in one space. The base model is never changed:
 * a version is its adapter, and rolling back is choosing the parent's adapter (or none).
 *
 * No bias, on purpose: a common offset would pull every vector toward one direction and shrink
 * cosine contrasts (the encoder's trainer keeps its special-token rows zero for the same reason),
 * and a linear map commutes with mean pooling and is indifferent to its scale, so the adapter can
 * be folded exactly into a static model's table or appended after any encoder's pooling.
 * `weight` is row-major `[out, in]`, the layout of `torch.nn.Linear.weight`, so the bytes export
 * to a Sentence Transformers folder unchanged.
 */
export interface DenseAdapter {
  readonly dim: number;
  /** `[dim, dim]`, row `o` holds the input weights of output `o`. */
  readonly weight: Float32Array;
}

/** Norms below this are treated as zero so an all-zero vector (no text) stays zero. */
const minNorm = 1e-12;

/** The adapter that changes nothing: identity weights. Training starts here. */
export function identityAdapter(dim: number): DenseAdapter {
  const weight = new Float32Array(dim * dim);
  for (let k = 0; k < dim; k++) weight[k * dim + k] = 1;
  return { dim, weight };
}

/** The result of a forward pass, with what the backward pass needs. */
export interface AdapterForward {
  /** `[rows, dim]` unit rows (zero where the pre-activation was zero). */
  output: Float32Array;
  /** `|W x|` per row. */
  norms: Float32Array;
}

/**
 * `normalize(W x)` for every row of `vectors [rows, dim]`; an all-zero row stays all zero.
 */
export function adapterForward(adapter: DenseAdapter, vectors: Float32Array): AdapterForward {
  const { dim } = adapter;
  const rows = vectors.length / dim;
  // W x for every row is the similarity of the rows with W's rows: the blocked kernel.
  const output = similarityMatrix(vectors, adapter.weight, dim);
  const norms = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const x = r * dim;
    let inputSq = 0;
    for (let k = 0; k < dim; k++) inputSq += vectors[x + k]! * vectors[x + k]!;
    if (inputSq === 0) {
      output.fill(0, x, x + dim);
      continue;
    }
    let sq = 0;
    for (let o = 0; o < dim; o++) {
      const s = output[x + o]!;
      output[x + o] = s;
      sq += s * s;
    }
    const norm = Math.sqrt(sq);
    norms[r] = norm;
    const inv = norm > minNorm ? 1 / norm : 0;
    for (let o = 0; o < dim; o++) output[x + o]! *= inv;
  }
  return { output, norms };
}

/** Adapted unit vectors of `vectors [rows, dim]` (what re-embedding with a version stores). */
export function applyAdapter(adapter: DenseAdapter, vectors: Float32Array): Float32Array {
  return adapterForward(adapter, vectors).output;
}

/** Gradients of the adapter's parameters, laid out like the adapter. */
export interface AdapterGradient {
  weight: Float64Array;
}

export function zeroGradient(dim: number): AdapterGradient {
  return { weight: new Float64Array(dim * dim) };
}

/**
 * Adds to `into` the gradient of a loss whose gradient w.r.t. the adapted rows is `gradOutput`:
 * through the normalisation `ds = (g - (g.u) u) / |s|`, then `dW += ds x^T`.
 */
export function adapterBackward(
  adapter: DenseAdapter,
  vectors: Float32Array,
  forward: AdapterForward,
  gradOutput: Float32Array,
  into: AdapterGradient,
): void {
  const { dim } = adapter;
  const rows = vectors.length / dim;
  // dW = dS^T X: both transposed to [dim, rows], so the blocked kernel computes it as dot
  // products of their rows; rows without a gradient are left out of both.
  const active: number[] = [];
  const ds = new Float32Array(dim);
  const dsT: number[][] = Array.from({ length: dim }, () => []);
  for (let r = 0; r < rows; r++) {
    const norm = forward.norms[r]!;
    if (norm <= minNorm) continue;
    const o0 = r * dim;
    let dot = 0;
    let any = false;
    for (let o = 0; o < dim; o++) {
      const g = gradOutput[o0 + o]!;
      if (g !== 0) any = true;
      dot += g * forward.output[o0 + o]!;
    }
    if (!any) continue;
    for (let o = 0; o < dim; o++) {
      ds[o] = (gradOutput[o0 + o]! - dot * forward.output[o0 + o]!) / norm;
      dsT[o]!.push(ds[o]!);
    }
    active.push(r);
  }
  const n = active.length;
  if (n === 0) return;
  const gradT = new Float32Array(dim * n);
  const inputT = new Float32Array(dim * n);
  for (let o = 0; o < dim; o++) gradT.set(dsT[o]!, o * n);
  active.forEach((r, j) => {
    for (let k = 0; k < dim; k++) inputT[k * n + j] = vectors[r * dim + k]!;
  });
  const dW = similarityMatrix(gradT, inputT, n);
  for (let i = 0; i < dW.length; i++) into.weight[i]! += dW[i]!;
}

/** Bytes of an adapter as stored and exported: little-endian float32 weight `[out, in]`. */
export function encodeAdapter(adapter: DenseAdapter): Uint8Array {
  return littleEndianBytes(adapter.weight);
}

/** Reads {@link encodeAdapter}'s bytes; throws when their length does not fit `dim`. */
export function decodeAdapter(bytes: Uint8Array, dim: number): DenseAdapter {
  const expected = dim * dim * 4;
  if (bytes.byteLength !== expected) {
    throw new Error(
      `adapter bytes: ${bytes.byteLength} bytes, expected ${expected} for dim ${dim}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const weight = new Float32Array(dim * dim);
  for (let i = 0; i < weight.length; i++) weight[i] = view.getFloat32(i * 4, true);
  return { dim, weight };
}

/** Little-endian bytes of a float32 array, whatever the platform's byte order. */
export function littleEndianBytes(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return bytes;
}
