import { describe, expect, it } from 'vitest';
import type { CurrentUser } from '../auth/current-user.js';
import { assignmentActions, forwardProblem, holds } from '../assignments/assignments.policies.js';
import { canOpenFiles, documentActions } from './incoming.policies.js';

const user = (roles: CurrentUser['roles'], id = 'u1', unitId: string | null = 'unit-a'): CurrentUser =>
  ({ id, agencyId: 'agency', unitId, username: id, fullName: id, position: 'specialist', roles });
const assignment = (over: Partial<{ assignee_user_id: string | null; assignee_unit_id: string | null; role: string; status: string; assigned_by: string }> = {}) =>
  ({ assignee_user_id: null, assignee_unit_id: 'unit-a', role: 'lead', status: 'pending', assigned_by: 'director', ...over });

describe('incoming document policies', () => {
  it('a unit head holds the assignments of their unit; a specialist of the unit does not', () => {
    expect(holds(user(['unit_head']), assignment())).toBe(true);
    expect(holds(user(['specialist']), assignment())).toBe(false);
    expect(holds(user(['unit_head'], 'u1', 'unit-b'), assignment())).toBe(false);
  });

  it('a named official holds their own assignment, whatever their unit', () => {
    expect(holds(user(['specialist'], 'u7', null), assignment({ assignee_user_id: 'u7', assignee_unit_id: null }))).toBe(true);
  });

  it('a clerk submits registered or returned documents; only the leader it was submitted to assigns or returns it', () => {
    const doc = (status: string, submittedTo: string | null = null) => ({ status, secrecy: 'none', submitted_to: submittedTo });
    expect(documentActions(user(['clerk']), doc('registered'))).toEqual(['edit', 'submit']);
    expect(documentActions(user(['clerk']), doc('submitted', 'u1'))).toEqual(['edit']);
    expect(documentActions(user(['clerk']), doc('in_progress'))).toEqual([]);
    expect(documentActions(user(['leader']), doc('submitted', 'u1'))).toEqual(['assign', 'return_to_clerk']);
    expect(documentActions(user(['leader']), doc('submitted', 'another-leader'))).toEqual([]);
    expect(documentActions(user(['unit_head']), doc('submitted', 'u1'))).toEqual([]);
  });

  it('a specialist handles an assignment but does not pass it on; closed assignments and information copies allow nothing', () => {
    const mine = assignment({ assignee_user_id: 'u1', assignee_unit_id: null });
    expect(assignmentActions(user(['specialist']), mine, null)).toEqual(['note', 'complete', 'return']);
    expect(assignmentActions(user(['unit_head']), assignment(), null)).toEqual(['forward', 'note', 'complete', 'return']);
    expect(assignmentActions(user(['unit_head']), assignment({ status: 'completed' }), null)).toEqual([]);
    expect(assignmentActions(user(['unit_head']), assignment({ status: 'closed' }), null)).toEqual([]);
    expect(assignmentActions(user(['specialist']), { ...mine, role: 'info' }, null)).toEqual([]);
  });

  it('a proposed result is confirmed or refused by the one who passed the work down, or by the leader who assigned it', () => {
    const proposed = assignment({ assignee_user_id: 'cv', assignee_unit_id: null, status: 'awaiting_confirmation', assigned_by: 'head' });
    const parent = assignment({ assignee_unit_id: 'unit-a' });
    expect(assignmentActions(user(['unit_head'], 'head', 'unit-a'), proposed, parent)).toEqual(['confirm', 'reject_result']);
    expect(assignmentActions(user(['unit_head'], 'deputy', 'unit-a'), proposed, parent)).toEqual(['confirm', 'reject_result']);
    expect(assignmentActions(user(['specialist'], 'cv', 'unit-a'), proposed, parent)).toEqual([]);
    const leadOfLeader = assignment({ status: 'awaiting_confirmation', assigned_by: 'director' });
    expect(assignmentActions(user(['leader'], 'director', null), leadOfLeader, null)).toEqual(['confirm', 'reject_result']);
    expect(assignmentActions(user(['leader'], 'deputy-director', null), leadOfLeader, null)).toEqual([]);
  });

  it('files of a secret document open for the clerk, leaders and holders of its assignments only', () => {
    const secret = { secrecy: 'secret' };
    expect(canOpenFiles(user(['clerk']), secret, [])).toBe(true);
    expect(canOpenFiles(user(['leader']), secret, [])).toBe(true);
    expect(canOpenFiles(user(['unit_head']), secret, [assignment()])).toBe(true); // the head of the unit the leader named
    expect(canOpenFiles(user(['unit_head'], 'u1', 'unit-b'), secret, [assignment()])).toBe(false);
    expect(canOpenFiles(user(['specialist']), secret, [assignment()])).toBe(false); // a specialist of the unit, not named
    expect(canOpenFiles(user(['specialist']), secret, [assignment({ assignee_user_id: 'u1', assignee_unit_id: null, status: 'completed' })])).toBe(true);
    expect(canOpenFiles(user(['specialist']), { secrecy: 'none' }, [])).toBe(true);
  });

  it('nobody passes work to themselves, and a secret document is passed on only inside the forwarder\'s unit', () => {
    const units = new Map<string, string | null>([['unit-a', null], ['team-a1', 'unit-a'], ['unit-b', null]]);
    const head = user(['unit_head'], 'head-a', 'unit-a');
    const secret = { secrecy: 'secret' };
    expect(forwardProblem(head, { secrecy: 'none' }, { userId: 'head-a', userUnitId: 'unit-a' }, units)).toBe('self');
    expect(forwardProblem(head, { secrecy: 'none' }, { userId: 'x', userUnitId: 'unit-b' }, units)).toBeNull();
    expect(forwardProblem(head, secret, { userId: 'x', userUnitId: 'unit-a' }, units)).toBeNull();
    expect(forwardProblem(head, secret, { userId: 'x', userUnitId: 'team-a1' }, units)).toBeNull();
    expect(forwardProblem(head, secret, { unitId: 'team-a1' }, units)).toBeNull();
    expect(forwardProblem(head, secret, { userId: 'x', userUnitId: 'unit-b' }, units)).toBe('secret_outside_unit');
    expect(forwardProblem(head, secret, { unitId: 'unit-b' }, units)).toBe('secret_outside_unit');
    expect(forwardProblem(head, secret, { userId: 'x', userUnitId: null }, units)).toBe('secret_outside_unit');
    expect(forwardProblem(user(['leader'], 'l1', null), secret, { unitId: 'unit-b' }, units)).toBeNull();
  });
});
