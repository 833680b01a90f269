import { it } from 'vitest';

it('passes but leaves a rejected promise behind', () => { void Promise.reject(new Error('forgotten')); });
