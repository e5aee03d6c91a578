import { TreeSelect } from 'antd';
import { useMemo, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { useCategories, type Category } from '../api/hotline.js';
import { useLocale } from '../shared/i18n/index.js';

interface Option {
  value: string;
  title: string;
  searchText: string;
  selectable: boolean;
  children: Option[];
}

/** The category tree (城市管理 › 市容环境 …): tickets are filed under a leaf, the groups only hold them. */
export function categoryTree(categories: readonly Category[], pick: (zh: string, en: string | null | undefined) => string, anyLevel = false): Option[] {
  const byParent = new Map<string | null, Category[]>();
  for (const c of categories) byParent.set(c.parentCode, [...(byParent.get(c.parentCode) ?? []), c]);
  const known = new Set(categories.map((c) => c.code));
  const build = (c: Category): Option => {
    const children = (byParent.get(c.code) ?? []).map(build);
    return { value: c.code, title: pick(c.name, c.nameEn), searchText: [c.name, c.nameEn, ...c.keywords].join(' ').toLowerCase(), selectable: anyLevel || children.length === 0, children };
  };
  // Roots: no parent, or a parent not offered here (a public subcategory of a non-public group).
  return categories.filter((c) => !c.parentCode || !known.has(c.parentCode)).map(build);
}

/** "市容环境" or, with its group, "城市管理 › 市容环境". */
export function categoryLabel(categories: readonly Category[] | undefined, code: string | undefined, pick: (zh: string, en: string | null | undefined) => string, withParent = true): string {
  const c = categories?.find((x) => x.code === code);
  if (!c) return code ?? '';
  const parent = withParent && c.parentCode ? categories?.find((x) => x.code === c.parentCode) : undefined;
  return parent ? `${pick(parent.name, parent.nameEn)} › ${pick(c.name, c.nameEn)}` : pick(c.name, c.nameEn);
}

interface CategorySelectProps {
  value?: string;
  onChange?: (code: string | undefined) => void;
  /** Only the categories the public may choose. */
  publicOnly?: boolean;
  /** Groups may be chosen too (a dispatch rule for a group covers its subcategories). */
  anyLevel?: boolean;
  id?: string;
  style?: CSSProperties;
  placeholder?: string;
  'aria-label'?: string;
}

/** A searchable category tree (by name, English name or the words callers use); works as a form control. */
export function CategorySelect({ value, onChange, publicOnly = false, anyLevel = false, id, style, placeholder, ...aria }: CategorySelectProps) {
  const { t } = useTranslation();
  const { locale, pick } = useLocale();
  const categories = useCategories(publicOnly);
  // `pick` is new on every render; the tree depends on the language only.
  const treeData = useMemo(() => categoryTree(categories.data ?? [], pick, anyLevel), [categories.data, locale, anyLevel]);
  return (
    <TreeSelect<string>
      id={id}
      aria-label={aria['aria-label']}
      value={value}
      onChange={(v) => onChange?.(v || undefined)}
      treeData={treeData}
      loading={categories.isPending}
      showSearch={{ filterTreeNode: (input, node) => (node as unknown as Option).searchText.includes(input.toLowerCase()) }}
      allowClear
      treeDefaultExpandAll
      placeholder={placeholder ?? t('hotline.fields.categoryPlaceholder')}
      notFoundContent={categories.isError ? t('common.loadFailed') : undefined}
      style={{ width: '100%', ...style }}
      listHeight={360}
    />
  );
}
