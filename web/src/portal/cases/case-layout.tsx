import { Card, Col, Result, Row, Skeleton, Space } from 'antd';
import type { ReactNode } from 'react';
import { ApiProblem } from '../../api/client.js';
import type { CaseView, useCase } from '../../api/cases.js';
import { LinkButton } from '../../shared/link-button.js';
import { LoadError } from '../../shared/query-state.js';

// The frame both case pages share, the applicant's (/my/cases/:id) and the back office's (/review/cases/:id).

/** A case being loaded: a skeleton, "no such case", a load error with retry, or the case itself. */
export function CaseLoad({
  view,
  rows,
  notFound,
  children,
}: {
  view: ReturnType<typeof useCase>;
  rows: number;
  notFound: { title: string; text: string; to: string; label: string };
  children: (view: CaseView) => ReactNode;
}) {
  // A malformed id (400) is no more a case than an unknown one, or one outside the reader's reach (404).
  const unknown = view.error instanceof ApiProblem && (view.error.status === 404 || view.error.status === 400);
  if (view.isPending)
    return (
      <Card>
        <Skeleton active paragraph={{ rows }} />
      </Card>
    );
  if (unknown)
    return (
      <Card>
        <Result
          status="404"
          title={notFound.title}
          subTitle={notFound.text}
          extra={
            <LinkButton to={notFound.to} type="primary">
              {notFound.label}
            </LinkButton>
          }
        />
      </Card>
    );
  if (view.isError)
    return (
      <Card>
        <LoadError error={view.error} onRetry={() => void view.refetch()} />
      </Card>
    );
  return <>{children(view.data)}</>;
}

/** The case's main column and its side column; on a phone the side (what to do now) comes first. */
export function CaseColumns({ main, side }: { main: ReactNode; side: ReactNode }) {
  return (
    <Row gutter={[16, 16]}>
      <Col xs={{ span: 24, order: 1 }} lg={{ span: 8, order: 2 }}>
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {side}
        </Space>
      </Col>
      <Col xs={{ span: 24, order: 2 }} lg={{ span: 16, order: 1 }}>
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {main}
        </Space>
      </Col>
    </Row>
  );
}
