import { describe, expect, it } from 'vitest';
import { fieldMessage } from './formErrors';

describe('field messages under form fields', () => {
  it('drops the label the server puts in front, since the form shows it already', () => {
    const error = { field: 'issuedOn', code: 'in_future', message: { vi: 'Ngày văn bản: không được sau ngày đến', en: 'Document date: cannot be after the arrival date' } };
    expect(fieldMessage(error, 'vi')).toBe('Không được sau ngày đến');
    expect(fieldMessage(error, 'en')).toBe('Cannot be after the arrival date');
  });

  it('keeps messages without a known label as they are', () => {
    const error = { field: 'assignments.0.userId', code: 'not_member', message: { vi: 'Phân công 1: không thuộc cơ quan', en: 'Assignment 1: not a member' } };
    expect(fieldMessage(error, 'vi')).toBe('Phân công 1: không thuộc cơ quan');
  });
});
