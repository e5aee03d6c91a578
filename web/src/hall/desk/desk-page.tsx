import { FileAddOutlined, GiftOutlined, InboxOutlined } from '@ant-design/icons';
import { Card, Result, Skeleton, Space, Tabs } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCases } from '../../api/cases.js';
import { PageHeader } from '../../shared/page-header.js';
import { LoadError } from '../../shared/query-state.js';
import { Handover } from './handover.js';
import { IntakeInbox } from './intake-inbox.js';
import { NewApplication } from './new-application.js';
import { QueueSlot } from './queue-slot.js';
import { focusFirstField, Kbd, useShortcut } from '../../shared/shortcuts.js';
import { useDeskWindow, WindowBar } from './window-context.js';
import './desk.css';

type TabKey = 'new' | 'inbox' | 'handover';

function TabLabel({ icon, text, shortcut }: { icon: ReactNode; text: string; shortcut: string }) {
  return (
    <span>
      {icon} {text} <Kbd shortcut={shortcut} />
    </span>
  );
}

/**
 * The front desk of a hall or agency point (R3.2): the window the clerk sits at, its queue, new
 * applications taken at the window, the intake inbox of online applications, and handing results over.
 */
export default function DeskPage() {
  const { t } = useTranslation();
  const { windows, current, choose } = useDeskWindow();
  const [tab, setTab] = useState<TabKey>('new');
  // A new application starts afresh for every applicant (and when the clerk moves to another window).
  const [round, setRound] = useState(0);
  // The case filed during the current visit, for the queue panel to record against the number served.
  const [visitCase, setVisitCase] = useState<string>();
  const waiting = useCases({ box: 'intake', status: 'submitted', page: 1, pageSize: 1 });
  // Tabs stay mounted (an application in progress survives a look at the inbox): the shortcut moves the focus in.
  const switchTo = (k: TabKey) => {
    setTab(k);
    requestAnimationFrame(() => focusFirstField(document.querySelector('.desk-tabs .ant-tabs-tabpane-active')));
  };
  useShortcut('1', () => switchTo('new'));
  useShortcut('2', () => switchTo('inbox'));
  useShortcut('3', () => switchTo('handover'));

  const header = <PageHeader title={t('desk.title')} subtitle={t('desk.intro')} />;
  if (windows.isPending) {
    return (
      <>
        {header}
        <Card>
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      </>
    );
  }
  if (windows.isError) {
    return (
      <>
        {header}
        <Card>
          <LoadError error={windows.error} onRetry={() => void windows.refetch()} />
        </Card>
      </>
    );
  }
  if (!current) {
    return (
      <>
        {header}
        <Card>
          <Result status="info" title={t('desk.window.noneTitle')} subTitle={t('desk.window.noneText')} />
        </Card>
      </>
    );
  }
  return (
    <div className="desk-page">
      {header}
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <WindowBar
          windows={windows.data}
          current={current}
          onChoose={(id) => {
            choose(id);
            setRound((r) => r + 1);
          }}
        />
        <QueueSlot window={current} caseNumber={visitCase} />
        <Tabs
          className="desk-tabs"
          activeKey={tab}
          onChange={(k) => setTab(k as TabKey)}
          items={[
            {
              key: 'new',
              label: <TabLabel icon={<FileAddOutlined />} text={t('desk.tabs.new')} shortcut="1" />,
              children: (
                <NewApplication
                  key={`${current.id}-${round}`}
                  window={current}
                  onFiled={setVisitCase}
                  onNext={() => {
                    setVisitCase(undefined);
                    setRound((r) => r + 1);
                  }}
                />
              ),
            },
            {
              key: 'inbox',
              label: <TabLabel icon={<InboxOutlined />} text={waiting.data?.total ? t('desk.tabs.inboxCount', { count: waiting.data.total }) : t('desk.tabs.inbox')} shortcut="2" />,
              children: <IntakeInbox window={current} />,
            },
            { key: 'handover', label: <TabLabel icon={<GiftOutlined />} text={t('desk.tabs.handover')} shortcut="3" />, children: <Handover window={current} /> },
          ]}
        />
      </Space>
    </div>
  );
}
