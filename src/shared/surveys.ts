// Surveys (khảo sát, issue 12), shared by server and web.

export const SURVEY_QUESTION_KINDS = ['single', 'multiple', 'scale', 'text'] as const;
export type SurveyQuestionKind = (typeof SURVEY_QUESTION_KINDS)[number];
export const SURVEY_TEXT_ANSWER_MAX = 2000;

export interface SurveyQuestion { id: string; kind: SurveyQuestionKind; text: string; required: boolean; options: string[] }

/** An answer: an option's index (single), indexes (multiple), 1–5 (scale), text. */
export type SurveyAnswer = number | number[] | string;

export interface SurveySummary {
  id: string;
  title: string;
  anonymous: boolean;
  closesAt: string;
  open: boolean;
  createdBy: string;
  createdAt: string;
  /** I was asked / I answered. */
  asked: boolean;
  answered: boolean;
  recipients: number;
  responses: number;
}

export interface SurveyDetail extends SurveySummary {
  description: string;
  questions: SurveyQuestion[];
  actions: ('answer' | 'results')[];
}

export interface QuestionResult {
  questionId: string;
  kind: SurveyQuestionKind;
  text: string;
  answered: number;
  /** single, multiple: per option; scale: per value 1..5. */
  counts: { label: string; count: number }[];
  average: number | null;
  /** Free-text answers, in a random order (never the order of answering). */
  texts: string[];
}

export interface SurveyResults {
  survey: SurveySummary;
  questions: QuestionResult[];
  byUnit: { unitId: string | null; unitName: string; asked: number; answered: number }[];
}
