import { z } from 'zod';
import { SURVEY_QUESTION_KINDS, SURVEY_TEXT_ANSWER_MAX } from '../../../shared/surveys.js';

export const idParams = z.object({ id: z.uuid() });

const question = z.strictObject({
  kind: z.enum(SURVEY_QUESTION_KINDS),
  text: z.string().trim().min(1).max(500),
  required: z.boolean().default(false),
  options: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
}).refine((q) => (q.kind === 'single' || q.kind === 'multiple' ? q.options.length >= 2 : q.options.length === 0), {
  path: ['options'], params: { vi: 'câu hỏi lựa chọn cần ít nhất 2 phương án; loại khác không có phương án', en: 'a choice question needs at least 2 options; other kinds have none' },
});

export const createBody = z.strictObject({
  title: z.string().trim().min(1).max(300),
  description: z.string().trim().max(4000).default(''),
  anonymous: z.boolean(),
  closesAt: z.iso.datetime({ offset: true }),
  questions: z.array(question).min(1).max(50),
  userIds: z.array(z.uuid()).max(1000).default([]),
  unitIds: z.array(z.uuid()).max(200).default([]),
});
export type CreateBody = z.infer<typeof createBody>;

const answer = z.union([z.number().int().min(0).max(20), z.array(z.number().int().min(0).max(20)).max(20), z.string().trim().max(SURVEY_TEXT_ANSWER_MAX)]);
export const responseBody = z.strictObject({ answers: z.record(z.string().max(20), answer) });
export type ResponseBody = z.infer<typeof responseBody>;
