import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { pageOptions, signedInPage, snap, staff } from './helpers.js';

// The 12345 hotline in the browser: a consultation answered on the call from the knowledge base; a
// complaint recorded by the agent, dispatched to the wrong organisation, returned, re-dispatched,
// replied, called back unsatisfied, reopened, replied again, called back satisfied and closed; the
// public submitting a request on a phone and following it by number and code; and the hotline's KPIs
// in electronic supervision.

interface TicketView {
  id: string;
  number: string;
  status: string;
  round: number;
  version: number;
  resolution: string | null;
  reopened: boolean;
  leadOrg: { code: string } | null;
  returnedBy: string[];
  answer: { text: string; sources: { kind: string; title: string }[] } | null;
  callbacks: { reached: boolean; satisfied: boolean | null }[];
  tasks: { round: number; status: string; org: { code: string } }[];
}

/** The ticket as the agent's API sees it, by its number. */
async function ticketByNumber(agent: APIRequestContext, number: string): Promise<TicketView> {
  const list = (await (await agent.get('/api/v1/hotline/tickets', { params: { box: 'all', q: number } })).json()) as { items: { id: string; number: string }[] };
  const found = list.items.find((x) => x.number === number);
  expect(found, `ticket ${number} is listed`).toBeTruthy();
  return (await (await agent.get(`/api/v1/hotline/tickets/${found!.id}`)).json()) as TicketView;
}

/** Picks a node of an antd tree select (category, organisation) by typing part of its name. */
async function pickInTree(page: Page, combobox: Locator, search: string, title: string): Promise<void> {
  await combobox.click();
  await combobox.fill(search);
  await page.locator('.ant-select-dropdown:visible .ant-select-tree-title').getByText(title, { exact: true }).first().click();
}

/** Picks an option of an antd select by typing part of its label. */
async function pickOption(page: Page, combobox: Locator, search: string, label: string): Promise<void> {
  await combobox.click();
  await combobox.fill(search);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').getByText(label, { exact: true }).first().click();
}

/** Waits until a list has loaded (no spinner over it), so the screenshot shows it. */
async function settled(page: Page): Promise<void> {
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
}

/** Opens the ticket from a list (the board or the inbox) by its number. */
async function openFromList(page: Page, number: string): Promise<void> {
  await page.getByTestId('ticket-row').filter({ hasText: number }).first().getByRole('link', { name: number }).click();
  await expect(page.getByTestId('ticket-number')).toHaveText(number);
}

/** Takes a step from the ticket page: its Alt shortcut opens the form, `fill` fills it, the modal's button sends it. */
async function act(page: Page, key: string, label: string, fill: (dialog: Locator) => Promise<void>): Promise<void> {
  await expect(page.getByTestId('ticket-actions').getByRole('button', { name: new RegExp(label) })).toBeEnabled();
  await page.keyboard.press(`Alt+${key}`);
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await fill(dialog);
  // The dialog's send button says what it does (matched by its text: the modal is reused from step to step).
  const send = dialog.locator('.ant-modal-footer .ant-btn-primary');
  await expect(send).toHaveText(label);
  await send.click();
  await expect(dialog).toBeHidden();
}

test('a caller\'s consultation is answered on the call from the knowledge base and closed', async ({ browser }, testInfo) => {
  const baseURL = testInfo.project.use.baseURL!;
  const page = await signedInPage(browser, baseURL, 'hotline');
  // Agents land on the intake screen, the phone field ready.
  await expect(page).toHaveURL(/\/hotline\/intake$/);
  await expect(page.getByRole('heading', { name: '来电登记' })).toBeVisible();
  await expect(page.getByLabel('来电号码')).toBeFocused();

  // ---- from the keyboard: number, type (Alt+1 consultation), the question (Alt+W)
  await page.keyboard.type('13899120001');
  await page.keyboard.press('Alt+1');
  await page.keyboard.press('Alt+W');
  await page.keyboard.type('请问城区冬季什么时候开始供暖？家里暖气还不热。');
  // The text suggests the category; Alt+Y takes it.
  await expect(page.getByTestId('category-suggestions')).toContainText('供暖供水');
  await page.keyboard.press('Alt+Y');
  await expect(page.getByTestId('intake-form').locator('.ant-select-content, .ant-select-selection-item').filter({ hasText: '供暖供水' }).first()).toBeVisible();

  // The knowledge base was searched as the question was typed: the article on heating dates is there.
  const knowledge = page.getByTestId('intake-knowledge');
  const article = knowledge.getByTestId('kb-article').filter({ hasText: '城区冬季供暖时间' });
  await expect(article).toBeVisible();
  await article.locator('button.hotline-kb-title').click();
  await expect(article.locator('.hotline-kb-body')).toContainText('10月');
  await article.getByRole('button', { name: /引用/ }).click();
  await expect(page.getByTestId('cited-sources')).toContainText('城区冬季供暖时间');
  await knowledge.getByLabel('答复内容').fill('城区供暖期为每年10月15日至次年4月15日；室温不达标可拨打供热公司服务电话报修。');
  await snap(page, testInfo, 'intake-consultation-zh-CN');

  // ---- Alt+A answers on the call and closes the ticket
  await page.keyboard.press('Alt+A');
  const result = page.getByTestId('intake-result');
  await expect(result).toContainText('已当场答复并办结');
  const number = (await result.getByTestId('filed-number').textContent())!;
  expect(number).toMatch(/^12345-\d{8}-\d{5}$/);
  await snap(page, testInfo, 'intake-answered-zh-CN');

  const agent = await staff(browser, baseURL, 'hotline');
  const ticket = await ticketByNumber(agent, number);
  expect(ticket.status).toBe('closed');
  expect(ticket.resolution).toBe('answeredOnSpot');
  expect(ticket.answer?.sources.map((s) => s.title)).toContain('城区冬季供暖时间');

  // The ticket page shows the answer and where it came from; Alt+N starts the next call.
  await result.getByRole('link', { name: '查看工单' }).click();
  await expect(page.getByTestId('ticket-answer')).toContainText('10月15日');
  await expect(page.getByTestId('ticket-status')).toContainText('已办结');
  await snap(page, testInfo, 'ticket-answered-zh-CN');
});

test('a complaint is dispatched, returned by the wrong organisation, re-dispatched, replied, reopened after an unsatisfied callback and closed', async ({ browser }, testInfo) => {
  test.setTimeout(240_000);
  const baseURL = testInfo.project.use.baseURL!;
  const agentPage = await signedInPage(browser, baseURL, 'hotline');
  const agent = await staff(browser, baseURL, 'hotline');

  // ---- the agent records the complaint and sends it to the prefecture's market regulator (wrongly: it is Changji City's)
  await expect(agentPage.getByLabel('来电号码')).toBeFocused();
  await agentPage.keyboard.type('13899120002');
  await agentPage.getByRole('textbox', { name: /^姓名/ }).fill('赵女士');
  await agentPage.getByRole('checkbox', { name: '需要回访告知结果' }).check();
  await agentPage.getByRole('checkbox', { name: '同意向承办单位提供姓名' }).check();
  await agentPage.keyboard.press('Alt+3');
  await expect(agentPage.getByRole('radio', { name: '投诉' })).toBeChecked();
  await agentPage.getByLabel('诉求内容').fill('延安北路一家餐馆卖的凉皮变质，吃了以后拉肚子，后厨很脏，要求查处。');
  await expect(agentPage.getByTestId('category-suggestions')).toContainText('食品安全');
  await agentPage.keyboard.press('Alt+Y');
  await pickOption(agentPage, agentPage.getByRole('combobox', { name: '所在县市' }), '昌吉市', '昌吉市');
  await pickOption(agentPage, agentPage.getByRole('combobox', { name: '乡镇（街道）' }), '延安北路', '延安北路街道');
  await agentPage.getByLabel('详细地址').fill('昌吉市延安北路 66 号');
  // The dispatch rules suggest Changji City's market regulator; the agent picks the prefecture's instead.
  await expect(agentPage.getByTestId('dispatch-suggestions')).toContainText('昌吉市市场监督管理局');
  await pickInTree(agentPage, agentPage.getByRole('combobox', { name: '或选择其他承办单位' }), '州市场', '昌吉州市场监督管理局');
  await snap(agentPage, testInfo, 'complaint-intake-zh-CN');
  await agentPage.keyboard.press('Alt+G');
  const result = agentPage.getByTestId('intake-result');
  await expect(result).toContainText('已登记并派单');
  await expect(result.getByText('昌吉州市场监督管理局', { exact: true })).toBeVisible();
  const number = (await result.getByTestId('filed-number').textContent())!;
  await snap(agentPage, testInfo, 'complaint-dispatched-zh-CN');

  // ---- the prefecture's market regulator finds it in its inbox and returns it, once, with the reason
  const wrong = await signedInPage(browser, baseURL, 'reviewer.market');
  await wrong.goto('/hotline/inbox');
  await expect(wrong.getByRole('heading', { name: '承办工单' })).toBeVisible();
  await expect(wrong.getByTestId('ticket-row').filter({ hasText: number })).toBeVisible();
  await settled(wrong);
  await snap(wrong, testInfo, 'inbox-wrong-org-zh-CN');
  await openFromList(wrong, number);
  // The caller agreed to be named, never their whole number.
  await expect(wrong.getByTestId('ticket-head')).toContainText('赵女士');
  await expect(wrong.getByTestId('caller-phone')).toContainText('138****0002');
  await act(wrong, 'T', '退单', async (d) => d.getByLabel('退单理由').fill('属地管理：延安北路餐馆的食品安全投诉由昌吉市市场监督管理局办理。'));
  await expect(wrong.getByTestId('ticket-status')).toContainText('已退单');
  await expect(wrong.getByTestId('ticket-actions')).toContainText('您现在不需要对本工单做什么');
  await snap(wrong, testInfo, 'ticket-returned-zh-CN');

  // ---- the centre re-dispatches from the board: the suggestion (Changji City) is taken as it is
  await agentPage.goto('/hotline/dispatch');
  await expect(agentPage.getByTestId('board-tab-returned')).toBeVisible();
  await agentPage.keyboard.press('Alt+3');
  await expect(agentPage).toHaveURL(/tab=returned/);
  await expect(agentPage.getByTestId('ticket-row').filter({ hasText: number })).toBeVisible();
  await settled(agentPage);
  await snap(agentPage, testInfo, 'board-returned-zh-CN');
  await openFromList(agentPage, number);
  await act(agentPage, 'G', '改派', async (d) => {
    await expect(d).toContainText('属地管理');
    await expect(d.getByTestId('dispatch-suggestions')).toContainText('昌吉市市场监督管理局');
    await expect(d.getByTestId('dispatch-suggestions')).not.toContainText('昌吉州市场监督管理局');
    await expect(d.locator('.hotline-suggestion-chosen')).toContainText('昌吉市市场监督管理局');
  });
  await expect(agentPage.getByTestId('ticket-status')).toContainText('办理中');
  let ticket = await ticketByNumber(agent, number);
  expect(ticket.leadOrg?.code).toBe('652301-market');
  expect(ticket.returnedBy).toHaveLength(1);

  // ---- Changji City's market regulator replies
  const right = await signedInPage(browser, baseURL, 'reviewer.changji.market');
  await right.goto('/hotline/inbox');
  await openFromList(right, number);
  await act(right, 'R', '答复', async (d) => d.getByLabel('答复内容').fill('经现场检查，该店凉皮存放温度不符合要求，已责令停售并立案调查。'));
  await expect(right.getByTestId('ticket-status')).toContainText('已答复');
  await snap(right, testInfo, 'ticket-replied-zh-CN');

  // ---- the centre calls back: reached, not satisfied; then reopens (once)
  await agentPage.goto('/hotline/dispatch?tab=replied');
  await openFromList(agentPage, number);
  // At the callback the agent sees the whole number to dial.
  await expect(agentPage.getByTestId('caller-phone').first()).toContainText('13899120002');
  await act(agentPage, 'C', '回访', async (d) => {
    await d.getByText('已联系上', { exact: true }).click();
    await d.getByText('不满意', { exact: true }).click();
    await d.getByLabel('回访记录').fill('来电人表示店铺仍在营业，要求彻底查处。');
  });
  await expect(agentPage.getByTestId('ticket-callbacks')).toContainText('不满意');
  await act(agentPage, 'O', '重办', async (d) => d.getByLabel('重办理由').fill('来电人不满意：店铺仍在营业，请核实停售情况。'));
  await expect(agentPage.getByTestId('ticket-status')).toContainText('已重办');
  await snap(agentPage, testInfo, 'ticket-reopened-zh-CN');
  ticket = await ticketByNumber(agent, number);
  expect(ticket.status).toBe('dispatched');
  expect(ticket.reopened).toBe(true);

  // ---- replied again, called back satisfied: closed
  await right.goto('/hotline/inbox');
  await openFromList(right, number);
  await act(right, 'R', '答复', async (d) => d.getByLabel('答复内容').fill('复查确认该店已停业整改，后厨已清洁消毒，罚款已执行。'));
  await agentPage.goto('/hotline/dispatch?tab=replied');
  await openFromList(agentPage, number);
  await act(agentPage, 'C', '回访', async (d) => {
    await d.getByText('已联系上', { exact: true }).click();
    await d.getByText('满意', { exact: true }).click();
    await d.getByLabel('回访记录').fill('来电人对处理结果表示满意。');
  });
  await expect(agentPage.getByTestId('ticket-status')).toContainText('已办结');
  await expect(agentPage.getByTestId('ticket-history')).toContainText('退单');
  await expect(agentPage.getByTestId('ticket-history')).toContainText('重办');
  await snap(agentPage, testInfo, 'ticket-closed-zh-CN');

  ticket = await ticketByNumber(agent, number);
  expect(ticket.status).toBe('closed');
  expect(ticket.resolution).toBe('calledBack');
  expect(ticket.callbacks.map((c) => c.satisfied)).toEqual([false, true]);
  expect(ticket.tasks.map((t) => `${t.round}:${t.org.code}:${t.status}`)).toEqual(['1:652300-market:returned', '2:652301-market:replied', '3:652301-market:replied']);

  // The handler's inbox on a phone, and the ticket in English.
  await right.setViewportSize({ width: 375, height: 812 });
  await right.goto('/hotline/inbox');
  await expect(right.getByRole('heading', { name: '承办工单' })).toBeVisible();
  await settled(right);
  await snap(right, testInfo, 'inbox-zh-CN-375');
  await agentPage.evaluate(() => window.localStorage.setItem('onetrip.locale', 'en-US'));
  await agentPage.reload();
  await expect(agentPage.getByTestId('ticket-status')).toContainText('Closed');
  await snap(agentPage, testInfo, 'ticket-closed-en-US');
});

test('the public submits a request on a phone and follows it by number and code', async ({ browser }, testInfo) => {
  const baseURL = testInfo.project.use.baseURL!;
  const context = await browser.newContext({ baseURL, ...pageOptions, viewport: { width: 375, height: 812 } });
  const page = await context.newPage();
  // From the portal's home, through the footer's link.
  await page.goto('/');
  await page.getByRole('contentinfo').getByRole('link', { name: '12345 在线诉求' }).click();
  await expect(page).toHaveURL(/\/hotline\/new$/);
  await expect(page.getByRole('heading', { name: '12345 在线诉求' })).toBeVisible();
  await page.locator('.hotline-type-group').getByText('举报', { exact: true }).click();
  await pickInTree(page, page.getByRole('combobox', { name: '诉求分类' }), '垃圾', '市容环境');
  await page.getByLabel('诉求内容').fill('和谐小区北门的垃圾桶已经满了三天没人清运，气味很大。');
  await pickOption(page, page.getByRole('combobox', { name: '所在县市' }), '昌吉市', '昌吉市');
  await pickOption(page, page.getByRole('combobox', { name: '乡镇（街道）' }), '宁边路', '宁边路街道');
  await page.getByLabel('详细地址').fill('宁边路街道和谐小区北门');
  // Wanting a callback without a number is stopped before it is sent.
  await page.getByRole('checkbox', { name: '需要回访告知结果' }).check();
  await page.getByRole('button', { name: '提交诉求' }).click();
  await expect(page.getByText('需要回访的，请留下电话号码')).toBeVisible();
  await page.getByLabel('联系电话').fill('13899120003');
  await page.getByRole('textbox', { name: /^姓名/ }).fill('孙先生');
  await snap(page, testInfo, 'public-new-zh-CN-375');
  await page.getByRole('button', { name: '提交诉求' }).click();

  const submitted = page.getByTestId('public-submitted');
  await expect(submitted).toBeVisible();
  const number = (await submitted.getByTestId('public-number').textContent())!.trim();
  const code = (await submitted.getByTestId('public-code').textContent())!.trim();
  expect(number).toMatch(/^12345-\d{8}-\d{5}$/);
  expect(code).toMatch(/^[A-Z2-9]{8}$/);
  await snap(page, testInfo, 'public-submitted-zh-CN-375');

  // Straight on to its progress (the code travels in the page's state, not the address).
  await submitted.getByRole('button', { name: '查看办理进度' }).click();
  await expect(page).toHaveURL(new RegExp(`/hotline/track\\?number=${number}$`));
  await expect(page.getByTestId('public-ticket')).toContainText('市容环境');
  await expect(page.getByTestId('public-steps')).toContainText('已受理');
  await snap(page, testInfo, 'public-track-zh-CN-375');

  // Later, from the start: a wrong code shows nothing; the right one shows the ticket, after it is dispatched.
  const agent = await staff(browser, baseURL, 'hotline');
  const ticket = await ticketByNumber(agent, number);
  expect(ticket.status).toBe('received');
  const dispatched = await agent.post(`/api/v1/hotline/tickets/${ticket.id}/dispatch`, { data: { version: ticket.version, leadOrg: '652301-housing' } });
  expect(dispatched.status(), await dispatched.text()).toBe(200);

  const later = await (await browser.newContext({ baseURL, ...pageOptions, viewport: { width: 375, height: 812 } })).newPage();
  await later.goto('/');
  await later.getByRole('contentinfo').getByRole('link', { name: '诉求查询' }).click();
  await expect(later).toHaveURL(/\/hotline\/track$/);
  await later.getByLabel('工单编号').fill(number);
  await later.getByLabel('查询码').fill('WRONGCOD');
  await later.getByRole('button', { name: '查询' }).click();
  await expect(later.getByText('没有找到这件诉求')).toBeVisible();
  await later.getByLabel('查询码').fill(code.toLowerCase());
  await later.getByRole('button', { name: '查询' }).click();
  const followed = later.getByTestId('public-ticket');
  await expect(followed).toContainText('昌吉市住房和城乡建设局');
  await expect(later.getByTestId('public-steps')).toContainText('办理中');
  await snap(later, testInfo, 'public-track-dispatched-zh-CN-375');

  // The same page in English on a laptop.
  const laptop = await (await browser.newContext({ baseURL, ...pageOptions, locale: 'en-US' })).newPage();
  await laptop.addInitScript(() => window.localStorage.setItem('onetrip.locale', 'en-US'));
  await laptop.goto('/hotline/track');
  await laptop.getByLabel('Ticket number').fill(number);
  await laptop.getByLabel('Follow-up code').fill(code);
  await laptop.getByRole('button', { name: 'Follow' }).click();
  await expect(laptop.getByTestId('public-ticket')).toContainText('Street cleanliness');
  await snap(laptop, testInfo, 'public-track-en-US');
});

test('electronic supervision shows the hotline\'s KPIs beside the cases\'', async ({ browser }, testInfo) => {
  const baseURL = testInfo.project.use.baseURL!;
  const supervisor = await signedInPage(browser, baseURL, 'supervisor');
  await supervisor.goto('/supervision');
  const hotline = supervisor.getByTestId('hotline-kpi-cards');
  await expect(hotline).toContainText('12345 热线');
  for (const key of ['hotline.volume', 'hotline.onTheSpot', 'hotline.dispatchedOnTime', 'hotline.handledOnTime', 'hotline.callback', 'hotline.satisfaction']) {
    await expect(hotline.getByTestId(`kpi-${key}`)).toBeVisible();
  }
  // The volume card counts this month's tickets, with how many were answered on the call.
  await expect(hotline.getByTestId('kpi-hotline.volume')).toContainText('当场答复');
  const api = await staff(browser, baseURL, 'supervisor');
  const report = (await (await api.get('/api/v1/supervision/kpis')).json()) as { kpis: { key: string; value: number | null }[] };
  const volume = report.kpis.find((k) => k.key === 'hotline.volume')!.value!;
  expect(volume).toBeGreaterThan(0);
  await expect(hotline.getByTestId('kpi-hotline.volume').getByTestId('kpi-value')).toHaveText(new RegExp(`^${volume}`));
  await snap(supervisor, testInfo, 'supervision-hotline-kpis-zh-CN');

  // The tickets themselves, read-only, from the hotline overview.
  await supervisor.goto('/hotline/tickets');
  await expect(supervisor.getByRole('heading', { name: '12345 工单' })).toBeVisible();
  await expect(supervisor.getByTestId('ticket-row').first()).toBeVisible();
  await settled(supervisor);
  await snap(supervisor, testInfo, 'hotline-overview-zh-CN');
  await supervisor.getByTestId('ticket-row').first().getByRole('link').first().click();
  await expect(supervisor.getByTestId('ticket-actions')).toContainText('您现在不需要对本工单做什么');
});
