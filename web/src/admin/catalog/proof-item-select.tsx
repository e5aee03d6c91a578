import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useProofItems } from '../../api/catalog.js';
import { useLocale } from '../../shared/i18n/index.js';
import { useDebounced } from '../../shared/use-debounced.js';

/**
 * Which proof item (证明事项) a material is, picked from the retained ones (searched on the server).
 * Left empty, a material whose name is exactly a proof item's is that one anyway.
 */
export function ProofItemSelect({ value, onChange, id }: { value?: string | undefined; onChange?: (code: string | undefined) => void; id?: string }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const list = useProofItems({ status: 'retained', page: 1, pageSize: 20, ...(q ? { q } : value && !search ? { q: value } : {}) });
  const options = (list.data?.items ?? []).map((p) => ({ value: p.code, label: `${p.code} ${pick(p.name, p.nameEn)}` }));
  return (
    <Select
      id={id}
      allowClear
      showSearch
      value={value}
      placeholder={t('reuse.admin.none')}
      filterOption={false}
      onSearch={setSearch}
      onChange={(code?: string) => onChange?.(code)}
      loading={list.isFetching}
      options={value && !options.some((o) => o.value === value) ? [{ value, label: value }, ...options] : options}
      notFoundContent={t('reuse.proofs.empty')}
    />
  );
}
