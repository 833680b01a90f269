import { describe, expect, it } from 'vitest';
import type { CurrentUser } from '../auth/current-user.js';
import { assignmentActions, canOpenFiles, documentActions, holds } from './incoming.policies.js';

const user = (roles: CurrentUser['roles'], id = 'u1', unitId: string | null = 'unit-a'): CurrentUser =>
  ({ id, agencyId: 'agency', unitId, username: id, fullName: id, position: 'specialist', roles });
const assignment = (over: Partial<{ assignee_user_id: string | null; assignee_unit_id: string | null; role: string; status: string }> = {}) =>
  ({ assignee_user_id: null, assignee_unit_id: 'unit-a', role: 'lead', status: 'pending', ...over });

describe('incoming document policies', () => {
  it('a unit head holds the assignments of their unit; a specialist of the unit does not', () => {
    expect(holds(user(['unit_head']), assignment())).toBe(true);
    expect(holds(user(['specialist']), assignment())).toBe(false);
    expect(holds(user(['unit_head'], 'u1', 'unit-b'), assignment())).toBe(false);
  });

  it('a named official holds their own assignment, whatever their unit', () => {
    expect(holds(user(['specialist'], 'u7', null), assignment({ assignee_user_id: 'u7', assignee_unit_id: null }))).toBe(true);
  });

  it('a clerk submits registered or returned documents; a leader assigns or returns submitted ones', () => {
    expect(documentActions(user(['clerk']), { status: 'registered', secrecy: 'none' })).toEqual(['edit', 'submit']);
    expect(documentActions(user(['clerk']), { status: 'submitted', secrecy: 'none' })).toEqual(['edit']);
    expect(documentActions(user(['clerk']), { status: 'in_progress', secrecy: 'none' })).toEqual([]);
    expect(documentActions(user(['leader']), { status: 'submitted', secrecy: 'none' })).toEqual(['assign', 'return_to_clerk']);
    expect(documentActions(user(['unit_head']), { status: 'submitted', secrecy: 'none' })).toEqual([]);
  });

  it('a specialist handles an assignment but does not pass it on; closed assignments allow nothing', () => {
    const mine = assignment({ assignee_user_id: 'u1', assignee_unit_id: null });
    expect(assignmentActions(user(['specialist']), mine)).toEqual(['note', 'complete', 'return']);
    expect(assignmentActions(user(['unit_head']), assignment())).toEqual(['forward', 'note', 'complete', 'return']);
    expect(assignmentActions(user(['unit_head']), assignment({ status: 'completed' }))).toEqual([]);
    expect(assignmentActions(user(['specialist']), { ...mine, role: 'info' })).toEqual(['acknowledge']);
  });

  it('files of a secret document open for the clerk, leaders and named assignees only', () => {
    const secret = { status: 'in_progress', secrecy: 'secret' };
    expect(canOpenFiles(user(['clerk']), secret, [])).toBe(true);
    expect(canOpenFiles(user(['leader']), secret, [])).toBe(true);
    expect(canOpenFiles(user(['unit_head']), secret, [assignment()])).toBe(false);
    expect(canOpenFiles(user(['specialist']), secret, [assignment({ assignee_user_id: 'u1', assignee_unit_id: null })])).toBe(true);
    expect(canOpenFiles(user(['unit_head']), { ...secret, secrecy: 'none' }, [assignment()])).toBe(true);
  });
});
