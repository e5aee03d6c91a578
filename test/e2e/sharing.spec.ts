import { expect, test, type Browser, type Page } from '@playwright/test';
import { residentId, signedInPage, snap } from './helpers.js';

// Data sharing in the browser (R2.2): a department without approval is refused (and the refusal is
// logged); it applies, the owning department approves fewer fields, and the query it then makes with
// its own credentials comes back masked as approved — and appears in the person's "who looked at my
// data" page, on a laptop and on a phone.

const RESOURCE = { code: 'household-registration', zh: '户籍信息' };
const CONSUMER = '昌吉州市场监督管理局';
const PURPOSE = '食品经营许可审查：核验经营者户籍信息';
// zhangwei, a demo applicant: born 1990-03-07 in Changji City (server/seed/demo-accounts.ts).
const ZHANGWEI = residentId(123, '19900307');

const queryUrl = (purpose: string) => `/api/v1/sharing/resources/${RESOURCE.code}/records/${ZHANGWEI}?purpose=${encodeURIComponent(purpose)}`;

/** A query as a department's system makes it: no session, only its bearer token. */
async function queryWith(browser: Browser, baseURL: string, token: string, purpose: string) {
  const context = await browser.newContext({ baseURL });
  const res = await context.request.get(queryUrl(purpose), { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { code?: string; fields?: Record<string, unknown>; masked?: string[] };
  await context.close();
  return { status: res.status(), body };
}

async function closeAll(...pages: Page[]) {
  for (const p of pages) await p.context().close();
}

test('a department applies, the owner approves, and the query made with its credentials shows in the person\'s access log', async ({ browser, baseURL }, testInfo) => {
  test.setTimeout(180_000);

  // The prefecture's market regulator makes credentials for its licensing system: the secret is shown once.
  const market = await signedInPage(browser, baseURL!, 'head.market');
  await market.goto('/sharing/credentials');
  await market.getByRole('button', { name: /创建接口凭证/ }).first().click();
  const createDialog = market.getByRole('dialog');
  await createDialog.getByLabel('用途名称').fill('食品经营许可审批系统');
  await createDialog.getByRole('button', { name: '创建' }).click();
  await expect(market.getByText('密钥只显示这一次')).toBeVisible();
  const token = (await market.getByTestId('credential-token').innerText()).trim();
  expect(token).toMatch(/^ds_[0-9a-f]{20}\.[A-Za-z0-9_-]{43}$/);
  await snap(market, testInfo, '01-credentials-created');
  await market.getByRole('button', { name: '我已保存' }).click();
  await expect(market.getByRole('cell', { name: /^食品经营许可审批系统 ds_/ })).toBeVisible();

  // Without approval the household register is refused — and the refusal is on record.
  const refused = await queryWith(browser, baseURL!, token, '未经批准的查询');
  expect(refused.status).toBe(403);
  expect(refused.body.code).toBe('sharing.access_denied');

  // The head finds the resource in the catalog and applies.
  await market.goto('/sharing');
  await market.getByRole('link', { name: RESOURCE.zh }).click();
  await expect(market.getByText('本部门尚无使用权限')).toBeVisible();
  await snap(market, testInfo, '02-resource-detail');
  await market.getByRole('button', { name: /申请使用/ }).click();
  const applyDialog = market.getByRole('dialog');
  await applyDialog.getByLabel('用途').fill(PURPOSE);
  // Asks for the address too (sensitive), besides the plain fields ticked by default.
  await applyDialog.getByRole('checkbox', { name: /住址/ }).check();
  await applyDialog.getByRole('button', { name: '提交申请' }).click();
  await expect(market.getByText('共享申请待审批')).toBeVisible();

  // The owner — the prefecture's public security bureau — approves fewer fields than asked.
  const police = await signedInPage(browser, baseURL!, 'head.public-security');
  await police.goto('/sharing/applications');
  const row = police.getByRole('row', { name: new RegExp(CONSUMER) });
  await expect(row).toContainText(PURPOSE);
  await snap(police, testInfo, '03-applications-incoming');
  await row.getByRole('button', { name: /批准/ }).click();
  const approveDialog = police.getByRole('dialog');
  await approveDialog.getByRole('checkbox', { name: '出生日期' }).uncheck();
  await approveDialog.getByRole('button', { name: '批准' }).click();
  await expect(police.getByText('已批准，申请部门将收到通知')).toBeVisible();
  await expect(police.getByRole('row', { name: new RegExp(CONSUMER) })).toContainText('已批准');

  // Now the licensing system's query is answered: approved fields in clear, the address de-identified, the birth date withheld.
  const answered = await queryWith(browser, baseURL!, token, PURPOSE);
  expect(answered.status).toBe(200);
  expect(answered.body.fields).toMatchObject({ name: '张伟', birthDate: null });
  expect(String(answered.body.fields?.address)).toMatch(/^昌吉市北京南\*+$/);
  expect(answered.body.masked).toEqual(expect.arrayContaining(['address', 'birthDate']));

  // The owner sees both queries in its log.
  await police.goto(`/sharing/log?subject=${ZHANGWEI}`);
  await expect(police.getByRole('row', { name: /脱敏返回/ }).first()).toContainText(CONSUMER);
  await expect(police.getByRole('row', { name: /已拒绝/ }).first()).toContainText('食品经营许可审批系统');
  await snap(police, testInfo, '04-owner-query-log');

  // zhangwei sees who looked at their data, and why.
  const person = await signedInPage(browser, baseURL!, 'zhangwei');
  await person.getByRole('button', { name: '账号菜单' }).click();
  await person.getByRole('menuitem', { name: /谁查看了我的数据/ }).click();
  await expect(person).toHaveURL(/\/my\/data-access$/);
  const entry = person.getByRole('row', { name: new RegExp(PURPOSE) });
  await expect(entry).toContainText(CONSUMER);
  await expect(entry).toContainText('户籍信息');
  await expect(entry).toContainText('住址（已脱敏）');
  await expect(person.getByRole('row', { name: /未经批准的查询/ })).toContainText('已拒绝');
  await snap(person, testInfo, '05-my-data-access');

  // The same on a phone: each query is a card.
  await person.setViewportSize({ width: 375, height: 812 });
  await person.reload();
  await expect(person.getByText(PURPOSE)).toBeVisible();
  await snap(person, testInfo, '06-my-data-access-phone');

  // And in English.
  const english = await signedInPage(browser, baseURL!, 'zhangwei', 'en-US');
  await english.goto('/my/data-access');
  await expect(english.getByRole('heading', { name: 'Who looked at my data' })).toBeVisible();
  await expect(english.getByRole('row', { name: new RegExp(PURPOSE) })).toContainText('Address (masked)');
  await snap(english, testInfo, '07-my-data-access-en');

  await closeAll(market, police, person, english);
});

test('staff browse the sharing catalog on a phone', async ({ browser, baseURL }, testInfo) => {
  const page = await signedInPage(browser, baseURL!, 'clerk.changji');
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto('/sharing');
  await expect(page.getByRole('link', { name: '市场主体登记信息' })).toBeVisible();
  await page.getByRole('link', { name: '市场主体登记信息' }).click();
  await expect(page.getByText('无条件共享：凭接口凭证即可查询')).toBeVisible();
  await snap(page, testInfo, '08-resource-phone');
  await page.context().close();
});

test('the owning department keeps its records: reads one (logged), corrects it, and checks a batch before importing', async ({ browser, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  const police = await signedInPage(browser, baseURL!, 'head.public-security');
  await police.goto('/sharing');
  // The filter lives in the address bar: the box is ticked once the page has moved there.
  await police.getByRole('checkbox', { name: '仅本部门的' }).click();
  await expect(police).toHaveURL(/mine=1/);
  await expect(police.getByRole('row')).toHaveCount(4); // header + household registration, its archive, criminal record
  await snap(police, testInfo, '09-resources-mine');
  await police.getByRole('link', { name: RESOURCE.zh }).click();

  // The records list masks whom each record is about; reading one is a query with a purpose.
  await police.getByRole('search', { name: '按证件号码查找记录' }).getByRole('textbox').fill(ZHANGWEI);
  await police.getByRole('search', { name: '按证件号码查找记录' }).getByRole('button', { name: '搜索' }).click();
  await expect(police.getByRole('cell', { name: `${ZHANGWEI.slice(0, 6)}********${ZHANGWEI.slice(-4)}` })).toBeVisible();
  await police.getByRole('button', { name: /查看记录/ }).click();
  const view = police.getByRole('dialog');
  await view.getByLabel('身份证号码 / 统一社会信用代码').fill(ZHANGWEI);
  await view.getByRole('button', { name: '查询' }).click();
  await expect(view.getByText('昌吉市北京南路56号3栋2单元402室')).toBeVisible();
  await snap(police, testInfo, '10-record-read');
  await view.getByRole('button', { name: '编辑' }).click();
  const edit = police.getByRole('dialog', { name: '修改记录' });
  await edit.getByLabel('登记机关').fill('昌吉市公安局中山路派出所');
  await edit.getByRole('button', { name: '保存' }).click();
  await expect(police.getByText('已保存')).toBeVisible();
  await expect(police.getByRole('row', { name: /\*\*\*\*\*\*\*\*/ }).first()).toContainText('2');

  // A batch with a bad row is refused whole, row by row.
  await police.getByRole('button', { name: /批量导入/ }).click();
  const batch = police.getByRole('dialog');
  await batch.getByLabel('导入内容（JSON）').fill(JSON.stringify([{ subjectId: ZHANGWEI, data: { name: '张伟' } }, { subjectId: '123', data: {} }]));
  await batch.getByRole('button', { name: '试运行' }).click();
  await expect(batch.getByText('有 1 处错误，未导入任何记录')).toBeVisible();
  await expect(batch.getByRole('button', { name: '导入' })).toBeDisabled();
  await snap(police, testInfo, '11-import-dry-run');
  await police.context().close();

  // The read shows in zhangwei's access log as the bureau's own query.
  const person = await signedInPage(browser, baseURL!, 'zhangwei');
  await person.goto('/my/data-access');
  await expect(person.getByRole('row', { name: /数据维护：核对记录/ })).toContainText('昌吉州公安局');
  await person.context().close();
});
