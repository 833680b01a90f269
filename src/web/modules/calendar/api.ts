import { useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import type { SuggestedDueDate } from '../../../shared/calendar';
import type { Urgency } from '../../../shared/enums';
import { api } from '../../api/client';

/**
 * The due date the agency's rules suggest for a document of this urgency and type, counted in
 * working days from `from` (today by the server's clock when absent). Only a suggestion: the form
 * fills it in while the field is untouched.
 */
export function useSuggestedDueDate(urgency: Urgency | undefined, documentType: string | undefined, from?: Dayjs | null) {
  const fromText = from ? from.format('YYYY-MM-DD') : undefined;
  return useQuery({
    queryKey: ['calendar', 'suggested-due-date', urgency, documentType, fromText],
    queryFn: () => api<SuggestedDueDate>('/api/calendar/suggested-due-date', { query: { urgency, documentType, from: fromText } }),
    enabled: Boolean(urgency),
    staleTime: 5 * 60_000,
  });
}
