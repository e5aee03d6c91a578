import { TreeSelect } from 'antd';
import { useMemo, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../api/auth.js';
import { useOrgs, type Org } from '../api/orgs.js';
import { useLocale } from './i18n/index.js';
import { buildOrgTree, type OrgNode } from './org-tree.js';

interface TreeOption {
  value: string;
  title: string;
  searchText: string;
  disabled?: boolean;
  children: TreeOption[];
}

/** The organisations the signed-in administrator manages (their subtree), from the public tree. */
export function useOrgsInMyScope() {
  const me = useMe().data;
  return useOrgs(me?.org ? { within: me.org.code } : {});
}

interface OrgPickerProps {
  value?: string;
  onChange?: (value: string | undefined) => void;
  /** Called with the whole organisation when one is chosen. */
  onPicked?: (org: Org | undefined) => void;
  /** Which organisations may be chosen (others still show, to keep the tree readable). */
  selectable?: (org: Org) => boolean;
  /** Limit the tree to the subtree of this organisation (id or code); default the administrator's own. */
  within?: string;
  placeholder?: string;
  allowClear?: boolean;
  id?: string;
  style?: CSSProperties;
  'aria-label'?: string;
}

/** A searchable tree of organisations in scope; works as an AntD form control. */
export function OrgPicker({ value, onChange, onPicked, selectable, within, placeholder, allowClear, id, style, ...aria }: OrgPickerProps) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const me = useMe().data;
  const root = within ?? me?.org?.code;
  const orgs = useOrgs(root ? { within: root } : {});
  const treeData = useMemo(() => {
    const toOption = (n: OrgNode): TreeOption => ({
      value: n.org.id,
      title: pick(n.org.name, n.org.nameEn),
      searchText: `${n.org.name} ${n.org.shortName} ${n.org.nameEn} ${n.org.code}`.toLowerCase(),
      disabled: !n.org.active || (selectable ? !selectable(n.org) : false),
      children: n.children.map(toOption),
    });
    return buildOrgTree(orgs.data ?? []).map(toOption);
  }, [orgs.data, pick, selectable]);
  return (
    <TreeSelect<string>
      id={id}
      aria-label={aria['aria-label']}
      value={value}
      onChange={(v) => {
        onChange?.(v);
        onPicked?.(orgs.data?.find((o) => o.id === v));
      }}
      treeData={treeData}
      loading={orgs.isPending}
      showSearch={{ filterTreeNode: (input, node) => String((node as unknown as TreeOption).searchText).includes(input.toLowerCase()) }}
      allowClear={allowClear}
      placeholder={placeholder ?? t('accounts.pickOrg')}
      treeDefaultExpandedKeys={treeData.map((n) => n.value)}
      popupMatchSelectWidth={false}
      style={{ minWidth: 220, ...style }}
      notFoundContent={orgs.isError ? t('common.loadFailed') : undefined}
    />
  );
}
