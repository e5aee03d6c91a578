import { expect, type APIRequestContext, type Browser, type BrowserContextOptions, type Page, type TestInfo } from '@playwright/test';

// What every spec needs: the demo password, a tiny PDF to upload, screenshots, signing in through the
// page or the API, and a lifecycle step as staff. One place, so a change to the login page or the
// case API is made once.

/** Every seeded demo account's password. */
export const PASSWORD = 'onetrip-demo';

/** A tiny but well-formed PDF, uploaded as any material. */
export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** The least of a case view a step needs: which case, at which version. */
export interface Versioned {
  case: { id: string; version: number };
}

/**
 * What every page of the journeys opens with, as the config's own pages do: Chinese on Beijing time at the
 * laptop size, and no animations — a click into a popup still opening can land on nothing under load.
 */
export const pageOptions = { locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 800 }, reducedMotion: 'reduce' } as const satisfies BrowserContextOptions;

/** A screenshot (of the full page unless told) into the test's output folder. */
export async function snap(page: Page, testInfo: TestInfo, name: string, fullPage = true): Promise<void> {
  // From the top, so the sticky header is not painted over the middle of a full-page shot.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage });
}

export interface SignInLabels {
  username: string;
  password: string;
  submit: string;
}
export const zhLabels: SignInLabels = { username: '用户名', password: '密码', submit: '登录' };
export const enLabels: SignInLabels = { username: 'Username', password: 'Password', submit: 'Sign in' };

/** Fills in and sends the login form already on the page; says nothing about where it leads. */
export async function fillSignIn(page: Page, username: string, labels: SignInLabels = zhLabels): Promise<void> {
  await page.getByLabel(labels.username).fill(username);
  await page.getByLabel(labels.password).fill(PASSWORD);
  await page.getByRole('button', { name: labels.submit, exact: true }).click();
}

/** Signs in through the login page and waits until it has left it. */
export async function signIn(page: Page, username: string, labels: SignInLabels = zhLabels): Promise<void> {
  await page.goto('/login');
  await fillSignIn(page, username, labels);
  await expect(page).not.toHaveURL(/\/login/);
}

/** A person signed in through the page, in a browser context of their own (cookies apart from the others'), at the laptop size. */
export async function signedInPage(browser: Browser, baseURL: string, username: string, locale: 'zh-CN' | 'en-US' = 'zh-CN'): Promise<Page> {
  const context = await browser.newContext({ baseURL, ...pageOptions, locale });
  if (locale === 'en-US') await context.addInitScript(() => window.localStorage.setItem('onetrip.locale', 'en-US'));
  const page = await context.newPage();
  await signIn(page, username, locale === 'en-US' ? enLabels : zhLabels);
  return page;
}

/** Someone driving the API in a browser context of their own (cookies apart from the applicant's). */
export async function staff(browser: Browser, baseURL: string, username: string): Promise<APIRequestContext> {
  const context = await browser.newContext({ baseURL });
  const login = await context.request.post('/api/v1/auth/login', { data: { username, password: PASSWORD } });
  expect(login.status(), `${username} signs in`).toBe(200);
  return context.request;
}

/** One lifecycle step as staff: POST /cases/{id}/<step> with the version read; answers the case as it is now. */
export async function step<V extends Versioned>(request: APIRequestContext, view: V, path: string, body: Record<string, unknown> = {}): Promise<V> {
  const res = await request.post(`/api/v1/cases/${view.case.id}/${path}`, { data: { version: view.case.version, ...body } });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
  return (await res.json()) as V;
}

/** The same step on a case known only by its id: reads its version first. */
export async function stepById<V extends Versioned>(request: APIRequestContext, id: string, path: string, body: Record<string, unknown> = {}): Promise<V> {
  const current = (await (await request.get(`/api/v1/cases/${id}`)).json()) as V;
  return step(request, current, path, body);
}

/** A resident ID (GB 11643) with its check character, born in Changji on `born` (YYYYMMDD). */
export function residentId(seq: number, born: string): string {
  const first17 = `652301${born}${String(seq % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

/** 2026-12-08 → 2026年12月8日, as the pages write dates in Chinese. */
export function zhDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
