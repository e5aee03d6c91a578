import { BulbOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCategories, useHotlineSettings, type Suggestion } from '../api/hotline.js';
import { useLocale } from '../shared/i18n/index.js';
import { OrgPicker } from '../shared/org-picker.js';
import { categoryLabel } from './category-select.js';

// Choosing who handles a ticket: the organisations the dispatch rules and the caller's words suggest,
// or any organisation in the centre's area, with co-handling organisations for joint handling (联合办理).

/** The suggested organisations, best first; a click (or the shortcut on the page) takes one as the lead. */
export function SuggestedOrgs({ suggestion, chosen, onPick, excluded = [] }: { suggestion: Suggestion | undefined; chosen?: string; onPick: (orgId: string) => void; excluded?: readonly string[] }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const categories = useCategories();
  const orgs = (suggestion?.orgs ?? []).filter((o) => !excluded.includes(o.orgId));
  if (!orgs.length) return <Typography.Text type="secondary">{t('hotline.dispatch.noSuggestion')}</Typography.Text>;
  return (
    <ul className="hotline-suggestions" data-testid="dispatch-suggestions">
      {orgs.map((o, i) => {
        const name = suggestion!.orgNames[o.orgId];
        return (
          <li key={o.orgId}>
            <button type="button" className={`hotline-suggestion${chosen === o.orgId ? ' hotline-suggestion-chosen' : ''}`} onClick={() => onPick(o.orgId)} aria-pressed={chosen === o.orgId} data-org={o.orgId}>
              <span className="hotline-suggestion-name">
                {i === 0 && <BulbOutlined />} {name ? pick(name.name, name.nameEn) : o.orgId}
              </span>
              <span className="hotline-suggestion-why">
                {o.why === 'rule' ? t('hotline.dispatch.byRule', { category: categoryLabel(categories.data, o.categoryCode ?? undefined, pick, false) }) : t('hotline.dispatch.named')}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/** The categories the text sounds like, with the words that matched. */
export function SuggestedCategories({ suggestion, onPick }: { suggestion: Suggestion | undefined; onPick: (code: string) => void }) {
  const { pick } = useLocale();
  const categories = useCategories();
  if (!suggestion?.categories.length) return null;
  return (
    <Space size={[6, 6]} wrap data-testid="category-suggestions">
      {suggestion.categories.slice(0, 3).map((c) => (
        <Tag.CheckableTag key={c.code} checked={false} onChange={() => onPick(c.code)} className="hotline-category-chip">
          {categoryLabel(categories.data, c.code, pick)}
          {c.matched.length > 0 && <span className="hotline-matched"> ({c.matched.slice(0, 3).join('、')})</span>}
        </Tag.CheckableTag>
      ))}
    </Space>
  );
}

export interface DispatchValues {
  leadOrg?: string;
  coOrgs?: (string | undefined)[];
  note?: string;
}

/** The body of a dispatch from the form: the lead, the co-handlers (each once, never the lead) and the note. */
export function dispatchBody(v: DispatchValues): { leadOrg: string; coOrgs?: string[]; note?: string } {
  const co = [...new Set((v.coOrgs ?? []).filter((o): o is string => !!o && o !== v.leadOrg))];
  return { leadOrg: v.leadOrg!, ...(co.length ? { coOrgs: co } : {}), ...(v.note?.trim() ? { note: v.note.trim() } : {}) };
}

/** The lead organisation, the co-handling ones and a note to them, as fields of the surrounding form. */
export function DispatchFields({ withNote = true }: { withNote?: boolean }) {
  const { t } = useTranslation();
  const settings = useHotlineSettings();
  // The centre's area: its government's subtree (a prefecture's centre dispatches to the whole prefecture).
  const within = settings.data?.centre?.regionCode;
  return (
    <>
      <Form.Item name="leadOrg" label={t('hotline.dispatch.lead')} rules={[{ required: true, message: t('hotline.dispatch.leadRequired') }]}>
        <OrgPicker within={within} placeholder={t('hotline.dispatch.leadPlaceholder')} aria-label={t('hotline.dispatch.lead')} style={{ width: '100%' }} />
      </Form.Item>
      <Form.List name="coOrgs">
        {(fields, { add, remove }) => (
          <Form.Item label={t('hotline.dispatch.co')} extra={t('hotline.dispatch.coHelp')}>
            <Space orientation="vertical" style={{ width: '100%' }}>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" style={{ width: '100%' }} className="hotline-co-row">
                  <Form.Item name={field.name} noStyle rules={[{ required: true, message: t('hotline.dispatch.coRequired') }]}>
                    <OrgPicker within={within} placeholder={t('hotline.dispatch.coPlaceholder')} aria-label={t('hotline.dispatch.co')} style={{ width: 320, maxWidth: '100%' }} />
                  </Form.Item>
                  <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} aria-label={t('common.remove')} />
                </Space>
              ))}
              {fields.length < 10 && (
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
                  {t('hotline.dispatch.addCo')}
                </Button>
              )}
            </Space>
          </Form.Item>
        )}
      </Form.List>
      {withNote && (
        <Form.Item name="note" label={t('hotline.dispatch.note')}>
          <Input.TextArea rows={2} maxLength={1000} placeholder={t('hotline.dispatch.notePlaceholder')} />
        </Form.Item>
      )}
    </>
  );
}
