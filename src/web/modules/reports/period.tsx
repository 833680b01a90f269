import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { DATE_FORMAT } from '../../components/labels';

/** The period of a report in the address (from, to), the current month by default. */
export function usePeriod() {
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? dayjs().startOf('month').format('YYYY-MM-DD');
  const to = params.get('to') ?? dayjs().format('YYYY-MM-DD');
  const set = (f: string, t: string) => {
    const next = new URLSearchParams(params);
    next.set('from', f);
    next.set('to', t);
    setParams(next);
  };
  return { from, to, set };
}

export function PeriodPicker({ from, to, onChange }: { from: string; to: string; onChange: (from: string, to: string) => void }) {
  const { t } = useTranslation();
  return (
    <DatePicker.RangePicker
      aria-label={t('reports.period')}
      data-testid="period"
      format={DATE_FORMAT}
      allowClear={false}
      value={[dayjs(from), dayjs(to)]}
      onChange={(range) => { if (range?.[0] && range[1]) onChange(range[0].format('YYYY-MM-DD'), range[1].format('YYYY-MM-DD')); }}
    />
  );
}

/** Query string of a period and other filters, for the export links. */
export const queryOf = (values: Record<string, string | undefined | null>) =>
  new URLSearchParams(Object.entries(values).filter((e): e is [string, string] => Boolean(e[1]))).toString();
