import { SearchOutlined } from '@ant-design/icons';
import { Button, Input, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';

/** The home page's search: sends the words to /services, where the results are. */
export function ServiceSearchBox() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [value, setValue] = useState('');
  const go = (q: string) => void navigate(q.trim() ? `/services?q=${encodeURIComponent(q.trim())}` : '/services');
  const popular = t('portal.search.popularTerms').split('|');
  return (
    <div className="hero-search" role="search">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          go(value);
        }}
      >
        <Space.Compact block size="large">
          <Input
            size="large"
            allowClear
            value={value}
            onChange={(e) => setValue(e.target.value)}
            placeholder={t('portal.search.placeholder')}
            aria-label={t('portal.search.label')}
            prefix={<SearchOutlined style={{ color: '#8c8c8c' }} />}
            maxLength={100}
          />
          <Button type="primary" htmlType="submit" size="large" className="hero-search-button">
            {t('portal.search.submit')}
          </Button>
        </Space.Compact>
      </form>
      <div className="hero-search-popular">
        <span>{t('portal.search.popular')}</span>
        {popular.map((term) => (
          <Link key={term} to={`/services?q=${encodeURIComponent(term)}`}>
            {term}
          </Link>
        ))}
      </div>
    </div>
  );
}
