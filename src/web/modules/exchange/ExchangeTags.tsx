import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DeliveryState, RecallState } from '../../../shared/exchange';
import { RECALL_COLORS, STATE_COLORS } from './api';

export function DeliveryStateTag({ state, code }: { state: DeliveryState | 'not_sent'; code?: string | null }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLORS[state]} data-testid="delivery-state" data-state={state} style={{ marginInlineEnd: 0 }}>
      {t(`exchange.state.${state}`)}{code ? ` (${code})` : ''}
    </Tag>
  );
}

export function RecallTag({ recall }: { recall: RecallState | null }) {
  const { t } = useTranslation();
  if (!recall) return null;
  return <Tag color={RECALL_COLORS[recall]} data-testid="recall-state" data-recall={recall}>{t(`exchange.recall.${recall}`)}</Tag>;
}
