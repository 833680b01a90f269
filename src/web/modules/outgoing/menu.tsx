import { AuditOutlined, BookOutlined, CommentOutlined, EditOutlined, FileDoneOutlined, InboxOutlined, SendOutlined, SolutionOutlined } from '@ant-design/icons';
import type { MenuProps } from 'antd';
import type { TFunction } from 'i18next';
import type { ComponentType } from 'react';
import type { Me } from '../../api/types';
import type { OutgoingCounts } from './types';

type CountLabelProps = { text: string; count?: number; danger?: boolean; testId: string };
type MenuItem = NonNullable<MenuProps['items']>[number];

/**
 * The "Văn bản đi" group of the side menu (kept here so AppLayout only adds one line): drafting for
 * everyone, the review and consult boxes, the clerk's box to issue, the register for clerks and leaders.
 */
export function outgoingMenu(t: TFunction, me: Me, counts: OutgoingCounts | undefined, CountLabel: ComponentType<CountLabelProps>): MenuItem {
  const clerk = me.roles.includes('clerk');
  const leader = me.roles.includes('leader');
  const reviewer = leader || me.roles.includes('unit_head');
  const children: MenuItem[] = [
    { key: '/outgoing/new', icon: <EditOutlined />, label: <span data-testid="menu-outgoing-new">{t('outgoing.menu.new')}</span> },
    ...(reviewer || counts?.review ? [{ key: '/outgoing/box/review', icon: <AuditOutlined />, label: <CountLabel testId="menu-outgoing-review" text={t('outgoing.menu.review')} count={counts?.review} /> }] : []),
    { key: '/outgoing/box/mine', icon: <SolutionOutlined />, label: <CountLabel testId="menu-outgoing-mine" text={t('outgoing.menu.mine')} count={counts?.mine} /> },
    { key: '/outgoing/box/consult', icon: <CommentOutlined />, label: <CountLabel testId="menu-outgoing-consult" text={t('outgoing.menu.consult')} count={counts?.consult} /> },
    { key: '/outgoing/box/received', icon: <InboxOutlined />, label: <span data-testid="menu-outgoing-received">{t('outgoing.menu.received')}</span> },
    ...(clerk ? [{ key: '/outgoing/box/to_issue', icon: <FileDoneOutlined />, label: <CountLabel testId="menu-outgoing-to_issue" text={t('outgoing.menu.to_issue')} count={counts?.toIssue} /> }] : []),
    ...(clerk || leader ? [{ key: '/outgoing/box/issued', icon: <BookOutlined />, label: <span data-testid="menu-outgoing-issued">{t('outgoing.menu.issued')}</span> }] : []),
  ];
  return { key: 'outgoing', icon: <SendOutlined />, label: t('outgoing.menu.group'), children };
}

/** The menu key of an outgoing page: its box, or none for a document (no box is highlighted). */
export function outgoingSelectedKey(path: string): string | null {
  if (path === '/outgoing/new' || path.startsWith('/outgoing/box/')) return path;
  return path.startsWith('/outgoing/') ? '' : null;
}
