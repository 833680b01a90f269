import { Tabs, type TabsProps } from 'antd';
import { useEffect, useRef } from 'react';

/**
 * Ant Design's Tabs, whose "more" button (shown when the tabs overflow a narrow column) sits inside the
 * role="tablist", where only tabs belong (axe: aria-required-children). The button is a pointer
 * shortcut only: every tab stays in the tablist and the arrow keys reach it. So the button is taken out
 * of the accessibility tree and the tab order.
 */
export function AccessibleTabs(props: TabsProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    for (const operations of ref.current?.querySelectorAll<HTMLElement>('.ant-tabs-nav-operations') ?? []) {
      operations.setAttribute('aria-hidden', 'true');
      for (const button of operations.querySelectorAll<HTMLElement>('button')) button.tabIndex = -1;
    }
  });
  return (
    <div ref={ref}>
      <Tabs {...props} />
    </div>
  );
}
