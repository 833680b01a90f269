import { expect, it } from 'vitest';

// A module that is not there, as a file whose import breaks (a variable keeps tsc from resolving it).
const missing = './does-not-exist.js';
await import(missing);

it('is never collected', () => { expect(true).toBe(true); });
