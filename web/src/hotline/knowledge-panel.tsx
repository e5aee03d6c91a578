import { BookOutlined, CheckOutlined, ExportOutlined, PlusOutlined, ProfileOutlined } from '@ant-design/icons';
import { Button, Empty, Skeleton, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useArticle, useKnowledge, type AnswerSource } from '../api/hotline.js';
import { useLocale } from '../shared/i18n/index.js';
import { LoadError } from '../shared/query-state.js';

// The knowledge base as the agent types: the agents' articles and the catalog's one-time notices
// found for the words of the call. Each can be read in place and cited in the answer given on the call.

/** A source cited in an answer, with the title shown while the answer is written. */
export interface CitedSource {
  source: AnswerSource;
  title: string;
}

export const sourceKey = (s: AnswerSource): string => (s.kind === 'article' ? `article:${s.id}` : `notice:${s.itemCode}`);

/** The cited sources with `c` added, or taken out when it was cited already. */
export const toggleCited = (all: CitedSource[], c: CitedSource): CitedSource[] =>
  all.some((x) => sourceKey(x.source) === sourceKey(c.source)) ? all.filter((x) => sourceKey(x.source) !== sourceKey(c.source)) : [...all, c];

function ArticleBody({ id }: { id: string }) {
  const article = useArticle(id);
  if (article.isPending) return <Skeleton active paragraph={{ rows: 2 }} title={false} />;
  if (article.isError) return <LoadError error={article.error} onRetry={() => void article.refetch()} />;
  return <div className="hotline-text hotline-kb-body">{article.data.body}</div>;
}

function CiteButton({ cited, onClick, title }: { cited: boolean; onClick: () => void; title: string }) {
  const { t } = useTranslation();
  return (
    <Button size="small" type={cited ? 'primary' : 'default'} icon={cited ? <CheckOutlined /> : <PlusOutlined />} onClick={onClick} aria-pressed={cited} aria-label={t(cited ? 'hotline.kb.uncite' : 'hotline.kb.cite', { title })}>
      {t(cited ? 'hotline.kb.cited' : 'hotline.kb.citeShort')}
    </Button>
  );
}

/** Search results for `q`: articles first (they answer what the catalog does not say), then the catalog's notices. */
export function KnowledgePanel({ q, category, cited, onToggle }: { q: string; category?: string; cited: CitedSource[]; onToggle: (c: CitedSource) => void }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const [open, setOpen] = useState<string>();
  const hits = useKnowledge(q.slice(0, 100), category);
  const isCited = (s: AnswerSource) => cited.some((c) => sourceKey(c.source) === sourceKey(s));
  if (!q) return <Typography.Text type="secondary">{t('hotline.kb.typeToSearch')}</Typography.Text>;
  if (hits.isError) return <LoadError error={hits.error} onRetry={() => void hits.refetch()} />;
  if (hits.isPending) return <Skeleton active paragraph={{ rows: 3 }} />;
  const { articles, notices } = hits.data;
  if (!articles.length && !notices.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hotline.kb.none')} />;
  return (
    <Spin spinning={hits.isFetching && hits.isPlaceholderData} size="small">
      <ul className="plain-list hotline-kb" data-testid="knowledge-results">
        {articles.map((a) => {
          const source: AnswerSource = { kind: 'article', id: a.id };
          return (
            <li key={a.id} data-testid="kb-article">
              <div className="hotline-kb-row">
                <button type="button" className="hotline-kb-title" onClick={() => setOpen(open === a.id ? undefined : a.id)} aria-expanded={open === a.id}>
                  <BookOutlined /> {a.title}
                </button>
                <CiteButton cited={isCited(source)} title={a.title} onClick={() => onToggle({ source, title: a.title })} />
              </div>
              {open === a.id ? <ArticleBody id={a.id} /> : <div className="hotline-kb-snippet">{a.snippet}</div>}
            </li>
          );
        })}
        {notices.map((n) => {
          const source: AnswerSource = { kind: 'notice', itemCode: n.itemCode };
          const name = pick(n.name, n.nameEn);
          return (
            <li key={n.itemCode} data-testid="kb-notice">
              <div className="hotline-kb-row">
                <a className="hotline-kb-title" href={`/items/${encodeURIComponent(n.itemCode)}`} target="_blank" rel="noopener">
                  <ProfileOutlined /> {name} <ExportOutlined style={{ fontSize: 11 }} />
                </a>
                <CiteButton cited={isCited(source)} title={name} onClick={() => onToggle({ source, title: name })} />
              </div>
              <div className="hotline-kb-snippet">
                {t('hotline.kb.noticeFacts', { days: n.promisedLimit })}
                {n.oneTrip && (
                  <Tag color="green" style={{ marginInlineStart: 8 }}>
                    {t('hotline.kb.oneTrip')}
                  </Tag>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </Spin>
  );
}
