import { SearchOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Pagination, Space, Typography, type InputRef } from 'antd';
import { useEffect, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

// The pieces every server-paginated, server-searched list shares (my cases, the review inbox, bad ratings).

export type ListParamChange = Record<string, string | number | undefined>;

/**
 * A list's page, search and filters live in the address bar, so "back" from an entry returns to the same
 * place. `defaults` are values left out of the address (page 1 always is).
 */
export function useListParams(defaults: Record<string, string> = {}) {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const q = params.get('q')?.trim().slice(0, 60) || undefined;
  const update = (change: ListParamChange) => {
    // From the address as it is now, not as last rendered: a change made before the previous one has
    // rendered (emptying the search, then a tab at once) must keep that one.
    const next = new URLSearchParams(window.location.search);
    for (const [k, v] of Object.entries(change)) {
      if (v === undefined || v === '' || (k === 'page' && v === 1) || defaults[k] === String(v)) next.delete(k);
      else next.set(k, String(v));
    }
    setParams(next, { preventScrollReset: true });
  };
  return { params, page, q, update };
}

/**
 * The search box of a list: searched on the server when sent; emptying it clears the search.
 * Escape leaves the box, so the list's keys work again.
 */
export function ListSearch({
  q,
  onSearch,
  label,
  placeholder,
  submitLabel,
  className,
  inputRef,
}: {
  q: string | undefined;
  onSearch: (q: string | undefined) => void;
  label: string;
  placeholder: string;
  submitLabel: string;
  className?: string;
  inputRef?: Ref<InputRef>;
}) {
  const [text, setText] = useState(q ?? '');
  useEffect(() => setText(q ?? ''), [q]);
  return (
    <form
      role="search"
      aria-label={label}
      className={className}
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(text.trim() || undefined);
      }}
    >
      <Space.Compact block>
        <Input
          ref={inputRef}
          allowClear
          value={text}
          maxLength={60}
          placeholder={placeholder}
          aria-label={label}
          prefix={<SearchOutlined style={{ color: '#8c8c8c' }} />}
          onChange={(e) => {
            setText(e.target.value);
            if (!e.target.value) onSearch(undefined);
          }}
          onKeyDown={(e) => e.key === 'Escape' && (e.target as HTMLInputElement).blur()}
        />
        <Button htmlType="submit">{submitLabel}</Button>
      </Space.Compact>
    </form>
  );
}

/** Under a list: how many there are, and the pages when there is more than one. */
export function ListFooter({ total, page, pageSize, small, onPage, marginTop = 16 }: { total: number; page: number; pageSize: number; small?: boolean; onPage: (page: number) => void; marginTop?: number }) {
  const { t } = useTranslation();
  return (
    <Flex justify="space-between" align="center" wrap gap={8} style={marginTop ? { marginTop } : undefined}>
      <Typography.Text type="secondary">{t('common.total', { count: total })}</Typography.Text>
      {total > pageSize && <Pagination current={page} pageSize={pageSize} total={total} showSizeChanger={false} size={small ? 'small' : undefined} onChange={onPage} />}
    </Flex>
  );
}
