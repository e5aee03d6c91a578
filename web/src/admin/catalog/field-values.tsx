import type { TFunction } from 'i18next';
import type { ItemVersion, VersionContent } from '../../api/catalog.js';
import { daysText, replacementLabel } from '../../shared/catalog-tags.js';
import { contentFields } from './editor-model.js';

// A version's fields as readable lines, for the version view and the side-by-side diff: arrays and
// objects read as one line per entry, so a diff can mark exactly the entries that changed.

export type ContentField = (typeof contentFields)[number];

const str = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : JSON.stringify(v));
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The lines that show one field's value. Unknown shapes fall back to JSON, so nothing is hidden. */
export function fieldLines(field: ContentField | string, value: unknown, t: TFunction): string[] {
  const sep = t('catalog.listSeparator');
  try {
    switch (field) {
      case 'type':
        return [t(`enums.itemType.${value as VersionContent['type']}`)];
      case 'applicantKinds':
        return arr(value).map((k) => t(`enums.applicantKind.${k as 'person'}`));
      case 'channels':
        return arr(value).map((k) => t(`enums.channel.${k as 'online'}`));
      case 'implementedAt':
        return arr(value).map((k) => t(`enums.orgLevel.${k as 'county'}`));
      case 'intakeLevel':
      case 'decisionLevel':
        return [t(`enums.orgLevel.${value as 'county'}`)];
      case 'windowCategory':
        return [t(`enums.windowCategory.${value as 'general'}`)];
      case 'lifeEvents':
        return arr(value).map((k) => t(`enums.lifeEvent.${k as 'birth'}`));
      case 'companyEvents':
        return arr(value).map((k) => t(`enums.companyEvent.${k as 'establish'}`));
      case 'keywords':
        return arr(value).map(str);
      case 'statutoryLimit':
      case 'promisedLimit':
        return [daysText(t, value as number)];
      case 'trips':
        return [t('catalog.tripsCount', { count: value as number })];
      case 'pendingAllowed':
        return [value ? t('catalog.yes') : t('catalog.no')];
      case 'legalBasis':
        return (value as VersionContent['legalBasis']).map((l) => `${l.law}${l.article ? ` ${l.article}` : ''} / ${l.lawEn}${l.text ? ` — ${l.text}` : ''}`);
      case 'process':
        return (value as VersionContent['process']).map(
          (p, i) => `${i + 1}. ${p.step} / ${p.stepEn} · ${t(`enums.orgLevel.${p.level}`)} · ${t(`enums.processAction.${p.action}`)}`,
        );
      case 'materials':
        return (value as VersionContent['materials']).map((m) => {
          const parts = [
            t(`enums.materialKind.${m.kind}`),
            m.copies > 0 ? t('catalog.material.formCopies', { form: t(`enums.materialForm.${m.form}`), count: m.copies }) : t(`enums.materialForm.${m.form}`),
          ];
          if (m.template) parts.push(t('catalog.material.hasTemplate'));
          if (m.replaceableBy) parts.push(replacementLabel(t, m.replaceableBy));
          const notes = [m.notes, m.notesEn].filter(Boolean).join(' / ');
          return `${m.name} / ${m.nameEn} [${m.key}] · ${parts.join(' · ')}${notes ? ` · ${notes}` : ''}`;
        });
      case 'fees':
        return (value as VersionContent['fees']).map((f) => `${f.name} / ${f.nameEn} · ${t('catalog.yuan', { amount: f.amountYuan })}${f.basis ? ` · ${f.basis}` : ''}`);
      case 'formSchema': {
        const schema = value as VersionContent['formSchema'];
        return Object.entries(schema.properties).map(([key, p]) => {
          const kind = p.enum ? t('catalog.editor.fieldKinds.enum') : p.format === 'date' ? t('catalog.editor.fieldKinds.date') : p['x-widget'] === 'textarea' ? t('catalog.editor.fieldKinds.textarea') : t(`catalog.editor.fieldKinds.${p.type === 'string' ? 'text' : p.type}`);
          const options = p['x-enum-labels']?.map((o) => o.label).join(sep) ?? p.enum?.join(sep);
          return `${key}: ${p.title} / ${p['x-title-en']} · ${kind}${schema.required.includes(key) ? ` · ${t('catalog.editor.fieldRequired')}` : ''}${options ? ` · ${options}` : ''}`;
        });
      }
      default:
        return Array.isArray(value) ? value.map(str) : [str(value)];
    }
  } catch {
    return [JSON.stringify(value)];
  }
}

export const fieldLabel = (t: TFunction, field: string): string => ((contentFields as readonly string[]).includes(field) ? t(`catalog.fields.${field as ContentField}`) : field);

/** One field's value as lines; with `other`, lines missing from the other side are marked. */
export function FieldValue({ lines, other, mark }: { lines: string[]; other?: string[]; mark?: 'removed' | 'added' }) {
  if (!lines.length) return <span className="diff-empty">—</span>;
  const set = new Set(other ?? lines);
  return (
    <ul className="field-lines">
      {lines.map((line, i) => (
        <li key={i} className={other && !set.has(line) ? `diff-${mark}` : undefined}>
          {line}
        </li>
      ))}
    </ul>
  );
}

export const versionFields = (v: ItemVersion): { field: ContentField; value: unknown }[] => contentFields.map((field) => ({ field, value: v[field] }));
