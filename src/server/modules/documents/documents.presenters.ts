// What every document's presentation shares.

/** "123/QĐ-UBND", as a reference is written on the document. */
export function reference(number: string | null, notation: string | null): string {
  return [number, notation].filter(Boolean).join('/');
}
