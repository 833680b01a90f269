import { Button } from 'antd';
import { ScheduleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

/** "Giao việc" on a document's page: the new-task form with the document as its source. */
export function TaskFromDocument({ documentId, label }: { documentId: string; label: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Button icon={<ScheduleOutlined />} data-testid="action-give-task"
      onClick={() => navigate(`/tasks/new?documentId=${documentId}&sourceLabel=${encodeURIComponent(label)}`)}>
      {t('tasks.fromDocument')}
    </Button>
  );
}
