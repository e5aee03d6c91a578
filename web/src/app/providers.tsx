import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/es/locale/en_US.js';
import zhCN from 'antd/es/locale/zh_CN.js';
import { useState, useSyncExternalStore, type ReactNode } from 'react';
import { authKeys } from '../api/auth.js';
import { ApiProblem } from '../api/client.js';
import { useLocale } from '../shared/i18n/index.js';

function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (err, query) => onAnyError(err, query.queryKey) }),
    mutationCache: new MutationCache({ onError: (err) => onAnyError(err, []) }),
    defaultOptions: {
      queries: {
        // A 4xx will not change by asking again; a dropped connection might.
        retry: (count, err) => count < 2 && !(err instanceof ApiProblem && err.status >= 400 && err.status < 500),
        refetchOnWindowFocus: false,
      },
    },
  });
  // A 401 anywhere but /auth/me means the session ended meanwhile: forget the account so guards send to sign-in.
  function onAnyError(err: unknown, key: readonly unknown[]) {
    if (err instanceof ApiProblem && err.status === 401 && key[1] !== authKeys.me()[1]) client.setQueryData(authKeys.me(), null);
  }
  return client;
}

// antd ships its locales as CommonJS with a default export; accept either shape.
const unwrapDefault = <T,>(m: T | { default: T }): T => ((m as { default?: T }).default ?? m) as T;
const antLocales = { 'zh-CN': unwrapDefault(zhCN), 'en-US': unwrapDefault(enUS) };

const cjkFonts = "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC'";
const latinFonts = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans'";
// Chinese text wants full-width punctuation from CJK fonts; English text wants Latin punctuation.
const fonts = { 'zh-CN': `${cjkFonts}, ${latinFonts}, sans-serif`, 'en-US': `${latinFonts}, ${cjkFonts}, sans-serif` };

const reducedMotion = '(prefers-reduced-motion: reduce)';
const watchReducedMotion = (onChange: () => void) => {
  const query = window.matchMedia(reducedMotion);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
};

/** Whether the person asked their system for less motion (WCAG 2.3.3): popups and drawers then appear without animating. */
function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(watchReducedMotion, () => window.matchMedia(reducedMotion).matches);
}

function AntdProviders({ children }: { children: ReactNode }) {
  const { locale } = useLocale();
  const still = usePrefersReducedMotion();
  return (
    <ConfigProvider
      locale={antLocales[locale]}
      // "登录", not "登 录": labels read as words, also for screen readers and tests.
      button={{ autoInsertSpace: false }}
      theme={{
        algorithm: theme.defaultAlgorithm,
        token: {
          colorPrimary: '#1677ff',
          borderRadius: 6,
          fontFamily: fonts[locale],
          motion: !still,
        },
      }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <AntdProviders>{children}</AntdProviders>
    </QueryClientProvider>
  );
}
