/**
 * The exact key of a state vector, for any `VectorModel`: one UTF-16 code unit per 16-bit
 * word, so two vectors have the same key exactly when they hold the same words.
 */
export function vectorKey(w: Uint16Array): string {
  return String.fromCharCode.apply(null, w as unknown as number[]);
}
