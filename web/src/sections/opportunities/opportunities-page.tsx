import { SegmentedControl, Switch } from '@mantine/core';
import { useState } from 'react';
import { hasRole, useSession } from '../../auth/session.tsx';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { Page } from '../../ui/page.tsx';
import { useOpportunities } from './api.ts';
import { Board } from './board.tsx';
import { RevenueReportView } from './report.tsx';

/** The opportunities reps found while serving customers: a board by stage, and (managers) the revenue report. */
export function OpportunitiesPage() {
  const me = useSession();
  const manager = hasRole(me, ['admin', 'manager']);
  const [view, setView] = useState<'board' | 'report'>('board');
  const [mine, setMine] = useState(!manager);
  const list = useOpportunities(mine ? { repId: me.id } : {});
  return (
    <Page title="Opportunities">
      {manager && (
        <SegmentedControl
          value={view}
          onChange={(v) => setView(v === 'report' ? 'report' : 'board')}
          data={[
            { value: 'board', label: 'Board' },
            { value: 'report', label: 'Revenue report' },
          ]}
          w="fit-content"
        />
      )}
      {view === 'report' ? (
        <RevenueReportView />
      ) : (
        <>
          <Switch label="Only mine" checked={mine} onChange={(e) => setMine(e.currentTarget.checked)} />
          {list.isError && (
            <ErrorPanel error={list.error} thing="opportunities" onRetry={() => list.refetch()} />
          )}
          {list.data && <Board items={list.data} />}
        </>
      )}
    </Page>
  );
}
