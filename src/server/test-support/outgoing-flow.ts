import { expect } from 'vitest';
import type { TestApp } from './test-app.js';

/** Submits a draft and has each holder of its approval chain approve in turn, until it is approved. */
export async function approveThroughChain(t: TestApp, docId: string, drafterName = 'cv.cntt'): Promise<string> {
  const drafter = await t.as(drafterName);
  const submitted = await drafter.post(`/api/outgoing-documents/${docId}/submit`, {});
  expect(submitted.statusCode, submitted.body).toBe(200);
  const usernameOf = new Map([...t.people].map(([username, p]) => [p.id, username]));
  for (let step = 0; step < 10; step++) {
    const doc = (await drafter.get(`/api/outgoing-documents/${docId}`)).json();
    if (doc.status === 'approved') return docId;
    const current = doc.steps.find((s: { status: string }) => s.status === 'current');
    const approved = await (await t.as(usernameOf.get(current.holder.id)!)).post(`/api/outgoing-documents/${docId}/approve`, {});
    expect(approved.statusCode, approved.body).toBe(200);
  }
  throw new Error('the chain did not end');
}
