import { useQuery } from '@tanstack/react-query';
import type { CaseFileDetail, CaseFileStatus, CaseFileSummary, CaseFileView, RecordPlan, RecordStatistics, UnplannedFile } from '../../../shared/records';
import { api, ApiError } from '../../api/client';

// The records module's API calls: the shapes come from src/shared/records.ts, as the server's.

export const recordKeys = {
  all: ['records'] as const,
  plan: (year: number) => ['records', 'plan', year] as const,
  files: (view: CaseFileView, status?: CaseFileStatus) => ['records', 'files', view, status ?? 'all'] as const,
  ofDocument: (documentId: string) => ['records', 'of-document', documentId] as const,
  file: (id: string) => ['records', 'file', id] as const,
  unplanned: (year: number) => ['records', 'unplanned', year] as const,
  statistics: (year?: number, unitId?: string) => ['records', 'statistics', year ?? 'all', unitId ?? 'all'] as const,
};

/** The plan of a year, or null when the agency has none for it yet; `lines`: only the files of that window of its printed lines. */
export function usePlan(year: number, lines?: { offset: number; limit: number }) {
  return useQuery({
    queryKey: [...recordKeys.plan(year), lines?.offset ?? 'all', lines?.limit ?? 'all'],
    queryFn: async () => {
      try {
        return await api<RecordPlan>(`/api/records/plans/${year}`, { query: lines ? { lineOffset: lines.offset, lineLimit: lines.limit } : undefined });
      } catch (error) {
        if (error instanceof ApiError && error.code === 'PLAN_NOT_FOUND') return null;
        throw error;
      }
    },
    // Paging keeps the page on screen until the next one arrives.
    placeholderData: (previous) => (previous?.year === year ? previous : undefined),
  });
}

export const useCaseFiles = (view: CaseFileView, status?: CaseFileStatus, enabled = true) =>
  useQuery({ queryKey: recordKeys.files(view, status), queryFn: () => api<{ items: CaseFileSummary[] }>('/api/case-files', { query: { view, status } }), enabled });

export const useFilesOfDocument = (documentId: string) =>
  useQuery({ queryKey: recordKeys.ofDocument(documentId), queryFn: () => api<{ items: CaseFileSummary[] }>('/api/case-files', { query: { documentId } }) });

export const useCaseFile = (id: string) => useQuery({ queryKey: recordKeys.file(id), queryFn: () => api<CaseFileDetail>(`/api/case-files/${id}`) });

/** The agency's case files opened outside the plan, of a year (the office). */
export const useUnplannedFiles = (year: number, enabled: boolean) =>
  useQuery({ queryKey: recordKeys.unplanned(year), queryFn: () => api<{ items: UnplannedFile[] }>('/api/records/unplanned', { query: { year } }), enabled });

export const useRecordStatistics = (year?: number, unitId?: string) =>
  useQuery({ queryKey: recordKeys.statistics(year, unitId), queryFn: () => api<RecordStatistics>('/api/records/statistics', { query: { year, unitId } }) });
