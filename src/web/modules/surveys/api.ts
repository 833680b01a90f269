import { useQuery } from '@tanstack/react-query';
import type { SurveyDetail, SurveyResults, SurveySummary } from '../../../shared/surveys';
import { api } from '../../api/client';

export const surveyKeys = {
  all: ['surveys'] as const,
  list: ['surveys', 'list'] as const,
  one: (id: string) => ['surveys', 'one', id] as const,
  results: (id: string) => ['surveys', 'results', id] as const,
};

export const useSurveys = () => useQuery({ queryKey: surveyKeys.list, queryFn: () => api<{ items: SurveySummary[]; canCreate: boolean }>('/api/surveys') });
export const useSurvey = (id: string) => useQuery({ queryKey: surveyKeys.one(id), queryFn: () => api<SurveyDetail>(`/api/surveys/${id}`) });
export const useSurveyResults = (id: string, enabled: boolean) =>
  useQuery({ queryKey: surveyKeys.results(id), queryFn: () => api<SurveyResults>(`/api/surveys/${id}/results`), enabled });
