import { ApartmentOutlined, BankOutlined, TeamOutlined } from '@ant-design/icons';
import { Card, Col, Empty, Input, Row, Space, Tree, Typography, type TreeDataNode } from 'antd';
import { useEffect, useMemo, useState, type Key, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth.js';
import { useOrgs, type Org } from '../../api/orgs.js';
import { useLocale } from '../../shared/i18n/index.js';
import { buildOrgTree, filterOrgTree, type OrgNode } from '../../shared/org-tree.js';
import { PageHeader } from '../../shared/page-header.js';
import { QueryState } from '../../shared/query-state.js';
import { OrgDetail } from './org-detail.js';

const kindIcon: Record<Org['kind'], ReactNode> = { government: <BankOutlined />, park: <ApartmentOutlined />, department: <TeamOutlined /> };

function OrgTree({ orgs, selected, onSelect }: { orgs: Org[]; selected?: string; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const [query, setQuery] = useState('');
  const tree = useMemo(() => buildOrgTree(orgs), [orgs]);
  const defaultExpanded = useMemo(() => tree.map((n) => n.org.id), [tree]);
  const [expanded, setExpanded] = useState<Key[]>(defaultExpanded);

  // Whatever gets selected (also from the detail panel or after creating one) is shown: open its ancestors.
  useEffect(() => {
    if (!selected) return;
    const byId = new Map(orgs.map((o) => [o.id, o]));
    const ancestors: string[] = [];
    for (let o = byId.get(selected); o?.parentId; o = byId.get(o.parentId)) ancestors.push(o.parentId);
    setExpanded((keys) => (ancestors.every((a) => keys.includes(a)) ? keys : [...new Set([...keys, ...ancestors])]));
  }, [selected, orgs]);

  const q = query.trim().toLowerCase();
  const filtered = useMemo(
    () => (q ? filterOrgTree(tree, (o) => `${o.name} ${o.shortName} ${o.nameEn} ${o.code}`.toLowerCase().includes(q)) : { roots: tree, expand: [] }),
    [tree, q],
  );
  const toData = (n: OrgNode): TreeDataNode => ({
    key: n.org.id,
    icon: kindIcon[n.org.kind],
    title: (
      <span className={n.org.active ? undefined : 'org-inactive'}>
        {pick(n.org.shortName, n.org.nameEn)}
        {!n.org.active && <Typography.Text type="secondary"> ({t('common.inactive')})</Typography.Text>}
      </span>
    ),
    children: n.children.map(toData),
  });

  return (
    <>
      <Input.Search allowClear placeholder={t('orgs.search')} aria-label={t('orgs.search')} onChange={(e) => setQuery(e.target.value)} style={{ marginBottom: 12 }} />
      {filtered.roots.length ? (
        <Tree
          showIcon
          blockNode
          className="org-tree"
          treeData={filtered.roots.map(toData)}
          expandedKeys={q ? filtered.expand : expanded}
          onExpand={(keys) => setExpanded(keys)}
          selectedKeys={selected ? [selected] : []}
          onSelect={(keys) => keys[0] && onSelect(String(keys[0]))}
          height={560}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orgs.noMatch')} />
      )}
    </>
  );
}

/** The organisation hierarchy (R1.1) with the details and edits of the selected organisation. */
export default function OrgsPage() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const orgs = useOrgs();
  const [selectedId, setSelectedId] = useState<string>();
  const selected = orgs.data?.find((o) => o.id === (selectedId ?? me.org?.id));
  const myPath = orgs.data?.find((o) => o.id === me.org?.id)?.path;

  return (
    <>
      <PageHeader title={t('nav.orgs')} subtitle={t('orgs.intro')} />
      <QueryState query={orgs} isEmpty={(d) => !d.length}>
        {(list) => (
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={10} xl={9}>
              <Card
                title={
                  <Space>
                    {t('orgs.tree')}
                    <Typography.Text type="secondary">({list.length})</Typography.Text>
                  </Space>
                }
                styles={{ body: { paddingTop: 12 } }}
              >
                <OrgTree orgs={list} selected={selected?.id} onSelect={setSelectedId} />
              </Card>
            </Col>
            <Col xs={24} lg={14} xl={15}>
              {selected ? (
                <OrgDetail org={selected} orgs={list} scopePath={myPath} onSelect={setSelectedId} />
              ) : (
                <Card>
                  <Empty description={t('orgs.pick')} />
                </Card>
              )}
            </Col>
          </Row>
        )}
      </QueryState>
    </>
  );
}
