import { App, DatePicker, Form, Input, Modal, Radio } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSetCalendarDay, type CalendarDayView } from '../../api/calendar.js';
import { todayInShanghai } from '../../shared/format.js';
import { useProblemHandler } from '../../shared/problem.js';

interface DayFields {
  date: Dayjs;
  workday: boolean;
  name?: string;
  nameEn?: string;
}

/** Sets a future day as a holiday or an adjusted working day (past days are fixed: deadlines were counted on them). */
export function DayModal({ date, day, onClose }: { date?: string; day?: CalendarDayView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useSetCalendarDay();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<DayFields>();
  const today = todayInShanghai();
  return (
    <Modal
      open
      title={day ? t('calendar.editDay') : t('calendar.addDay')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ date: date ? dayjs(date) : undefined, workday: day?.workday ?? false, name: day?.name, nameEn: day?.nameEn }}
        onFinish={(v) =>
          save.mutate(
            { date: v.date.format('YYYY-MM-DD'), workday: v.workday, ...(v.name?.trim() ? { name: v.name.trim() } : {}), ...(v.nameEn?.trim() ? { nameEn: v.nameEn.trim() } : {}) },
            {
              onSuccess: () => {
                void message.success(t('common.saved'));
                onClose();
              },
              onError: (err) => onProblem(err, { form, codeFields: { 'calendar.past_day': 'date' } }),
            },
          )
        }
      >
        <Form.Item name="date" label={t('calendar.date')} rules={[{ required: true, message: t('calendar.dateRequired') }]} extra={t('calendar.futureOnly')}>
          <DatePicker disabled={!!day} disabledDate={(d) => d.format('YYYY-MM-DD') <= today} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="workday" label={t('calendar.type')}>
          <Radio.Group optionType="button" buttonStyle="solid">
            <Radio.Button value={false}>{t('calendar.holiday')}</Radio.Button>
            <Radio.Button value={true}>{t('calendar.adjustedWorkday')}</Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="name" label={t('calendar.nameZh')} rules={[{ max: 50 }]} extra={t('calendar.nameHelp')}>
          <Input maxLength={50} placeholder="春节" />
        </Form.Item>
        <Form.Item name="nameEn" label={t('calendar.nameEn')} rules={[{ max: 80 }]}>
          <Input maxLength={80} placeholder="Spring Festival" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
