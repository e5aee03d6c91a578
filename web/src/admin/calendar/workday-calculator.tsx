import { Alert, Card, DatePicker, Flex, Form, InputNumber, Skeleton, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddWorkdays } from '../../api/calendar.js';
import { formatDate, todayInShanghai } from '../../shared/format.js';
import { useLocale } from '../../shared/i18n/index.js';
import { useDebounced } from '../../shared/use-debounced.js';
import { LoadError } from '../../shared/query-state.js';

/** "N working days after a date", as the server counts statutory time limits (the start day not counted). */
export function WorkdayCalculator() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const [from, setFrom] = useState(todayInShanghai());
  const [days, setDays] = useState<number | null>(20);
  const settledDays = useDebounced(days, 300);
  const result = useAddWorkdays(from, settledDays ?? undefined);
  return (
    <Card title={t('calendar.calculator')}>
      <Flex gap={24} wrap align="flex-start">
        <Form layout="inline" style={{ rowGap: 12 }}>
          <Form.Item label={t('calendar.from')} htmlFor="calc-from">
            <DatePicker id="calc-from" allowClear={false} value={dayjs(from)} onChange={(d) => d && setFrom(d.format('YYYY-MM-DD'))} />
          </Form.Item>
          <Form.Item label={t('calendar.plusDays')} htmlFor="calc-days">
            <InputNumber id="calc-days" min={0} max={3650} precision={0} value={days} onChange={setDays} suffix={t('calendar.workdaysUnit')} style={{ width: 160 }} />
          </Form.Item>
        </Form>
        <div style={{ minWidth: 260 }} aria-live="polite">
          {result.isError ? (
            <LoadError error={result.error} />
          ) : result.isFetching && !result.data ? (
            <Skeleton.Input active />
          ) : result.data ? (
            <>
              <Statistic title={t('calendar.resultDate')} value={formatDate(result.data.date, locale)} />
              {result.data.provisional && <Alert type="warning" showIcon title={t('calendar.provisional')} style={{ marginTop: 8 }} />}
            </>
          ) : (
            <Typography.Text type="secondary">{t('calendar.enterDays')}</Typography.Text>
          )}
        </div>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {t('calendar.calculatorNote')}
      </Typography.Paragraph>
    </Card>
  );
}
