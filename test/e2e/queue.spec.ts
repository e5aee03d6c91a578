import { expect, test, type Page } from '@playwright/test';
import { pageOptions, signedInPage, snap } from './helpers.js';

// The front-desk queue (排队叫号): a number taken at the hall's kiosk, called by the clerk on duty at a
// window of its category from the queue panel, shown on the hall board; an appointment booked online.
// Changji City's hall: clerk.changji sits at B01 (company registration) and E01 (social services).

async function changjiHall(page: Page): Promise<string> {
  const sites = (await (await page.request.get('/api/v1/sites', { params: { q: '昌吉市政务服务中心' } })).json()) as { id: string; code: string }[];
  const hall = sites.find((s) => s.code === '652301-hall');
  expect(hall, 'the seed has Changji City\'s hall').toBeTruthy();
  return hall!.id;
}

test('a number taken at the kiosk is called from the clerk\'s panel and shown on the hall board', async ({ page, browser }, testInfo) => {
  const baseURL = testInfo.project.use.baseURL!;
  const siteId = await changjiHall(page);

  // ---- the kiosk: choose company registration (B), leave a phone for the SMS, take a number
  await page.goto(`/kiosk/${siteId}`);
  await expect(page.getByRole('heading', { name: '请选择要办理的业务' })).toBeVisible();
  await expect(page.getByTestId('kiosk-queue-B')).toContainText('企业登记');
  await expect(page.getByTestId('kiosk-queue-B')).toContainText('Company registration');
  await snap(page, testInfo, 'kiosk-home-1366');
  await page.getByTestId('kiosk-queue-B').click();
  await page.getByLabel('接收叫号短信（选填）').fill('1389912');
  await page.getByTestId('kiosk-take').click();
  await expect(page.getByRole('alert')).toContainText('请输入11位手机号');
  for (const digit of '0088') await page.getByRole('group', { name: '手机号' }).getByRole('button', { name: digit, exact: true }).first().click();
  await page.getByTestId('kiosk-take').click();
  const number = (await page.getByTestId('kiosk-number').textContent())!.trim();
  expect(number).toMatch(/^B\d{3}$/);
  await expect(page.getByTestId('kiosk-ticket')).toContainText('叫号时将短信通知您');
  await expect(page.getByTestId('kiosk-ticket')).toContainText('B01');
  await snap(page, testInfo, 'kiosk-ticket-1366');
  await page.getByRole('button', { name: '完成' }).click();
  await expect(page.getByRole('heading', { name: '请选择要办理的业务' })).toBeVisible();
  await expect(page.getByTestId('kiosk-queue-B')).toContainText('等候 1 人');

  // ---- the clerk on duty at B01 calls it with F1, from the queue panel
  const clerk = await signedInPage(browser, baseURL, 'clerk.changji');
  await clerk.getByRole('menuitem', { name: '排队叫号' }).click();
  await expect(clerk).toHaveURL(/\/hall\/queue$/);
  const panel = clerk.getByTestId('queue-panel');
  await expect(panel).toContainText('B01');
  await expect(panel.getByRole('button', { name: /叫下一位/ })).toContainText('F1');
  await expect(panel.getByRole('row', { name: /企业登记/ })).toContainText('1');
  await clerk.keyboard.press('F1');
  await expect(clerk.getByTestId('queue-current')).toContainText(number);
  await expect(clerk.getByTestId('queue-current')).toContainText('已叫号');
  await expect(clerk.getByTestId('queue-current')).toContainText('138****0088');
  await snap(clerk, testInfo, 'queue-panel-1366');

  // ---- the board shows the call, in both languages
  const board = await browser.newPage({ baseURL, ...pageOptions });
  await board.goto(`/halls/${siteId}/board`);
  await expect(board.getByTestId('board-latest')).toContainText(number);
  await expect(board.getByTestId('board-latest')).toContainText('B01');
  await expect(board.getByTestId('board-latest')).toContainText(`请 ${number} 号到 B01 号窗口办理`);
  await expect(board.getByTestId('board-latest')).toContainText(`Number ${number}, please go to window B01`);
  await snap(board, testInfo, 'board-1366');

  // ---- recall, start and finish with the keys; the board keeps showing it while it is served
  await clerk.keyboard.press('F2');
  await expect(clerk.getByTestId('queue-current')).toContainText('已重呼 1 次');
  await clerk.getByRole('button', { name: /开始办理/ }).click();
  await expect(clerk.getByTestId('queue-current')).toContainText('办理中');
  await clerk.getByLabel('办件编号').fill('65230120260302000');
  await expect(clerk.getByRole('button', { name: /办结/ })).toBeDisabled();
  await clerk.getByLabel('办件编号').fill('');
  await clerk.keyboard.press('F4');
  await expect(clerk.getByTestId('queue-panel')).toContainText('当前没有叫到本窗口的号');
  await expect(clerk.getByTestId('queue-panel')).toContainText('办结 1');
  await expect(clerk.getByTestId('queue-stats')).toContainText('办结');

  // ---- nobody else waits: calling again says so (the keys wait while the panel is busy, as its buttons do)
  await expect(clerk.getByRole('button', { name: /叫下一位/ })).toBeEnabled();
  await clerk.keyboard.press('F1');
  await expect(clerk.getByText('当前没有等候的号')).toBeVisible();
  await clerk.getByText('English', { exact: true }).click();
  await expect(clerk.getByTestId('queue-panel')).toContainText('Call next');
  await expect(clerk.getByTestId('queue-panel')).toContainText('Today at this window: 1 done');
  await snap(clerk, testInfo, 'queue-panel-1366-en');

  // ---- the kiosk on a phone-sized screen
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto(`/kiosk/${siteId}`);
  await expect(page.getByTestId('kiosk-queue-E')).toBeVisible();
  await snap(page, testInfo, 'kiosk-home-375');
  await page.getByTestId('kiosk-queue-E').click();
  await page.getByTestId('kiosk-take').click();
  await expect(page.getByTestId('kiosk-number')).toHaveText(/^E\d{3}$/);
  await snap(page, testInfo, 'kiosk-ticket-375');
  await page.getByRole('button', { name: '完成' }).click();
  await page.getByText('English', { exact: true }).click();
  await expect(page.getByRole('heading', { name: 'What have you come for?' })).toBeVisible();
  await expect(page.getByTestId('kiosk-queue-E')).toContainText('1 waiting');
  await snap(page, testInfo, 'kiosk-home-375-en');
});

test('an applicant books an appointment and finds its booking code under "my appointments"', async ({ browser }, testInfo) => {
  const baseURL = testInfo.project.use.baseURL!;
  const applicant = await signedInPage(browser, baseURL, 'zhangwei');
  const siteId = await changjiHall(applicant);

  // From the hall's page, through the account menu's "my appointments".
  await applicant.goto(`/halls/${siteId}`);
  await applicant.getByRole('link', { name: '预约取号' }).click();
  await expect(applicant.getByRole('heading', { name: '预约取号' })).toBeVisible();
  await applicant.getByRole('radio', { name: /社会事务/ }).click();
  // The second bookable working day: every slot of it lies ahead, whatever the time now.
  await applicant.getByRole('radiogroup', { name: '日期' }).getByRole('radio').nth(1).click();
  await applicant.getByRole('radiogroup', { name: '时段' }).getByRole('radio', { name: /10:30/ }).click();
  await snap(applicant, testInfo, 'appointment-book-1366');
  await applicant.getByRole('button', { name: '提交预约' }).click();
  await expect(applicant.getByText('预约成功')).toBeVisible();
  const code = (await applicant.getByTestId('booking-code').textContent())!.trim();
  expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);

  await applicant.getByRole('button', { name: '账号菜单' }).click();
  await applicant.getByRole('menuitem', { name: '我的预约' }).click();
  await expect(applicant).toHaveURL(/\/my\/appointments$/);
  const card = applicant.getByTestId('appointment-card').filter({ hasText: code });
  await expect(card).toContainText('待签到');
  await expect(card).toContainText('10:30');
  await expect(card).toContainText('昌吉市政务服务中心');
  await snap(applicant, testInfo, 'appointments-1366');
  await applicant.setViewportSize({ width: 375, height: 812 });
  await snap(applicant, testInfo, 'appointments-375');

  // At the kiosk the code is known, but only checks in on its day.
  const kiosk = await browser.newPage({ baseURL, ...pageOptions });
  await kiosk.goto(`/kiosk/${siteId}`);
  await kiosk.getByTestId('kiosk-check-in').click();
  await expect(kiosk.getByRole('button', { name: '签到取号' })).toBeDisabled();
  await kiosk.getByRole('textbox', { name: '输入预约码' }).fill('ZZZZ2222');
  await kiosk.getByRole('button', { name: '签到取号' }).click();
  await expect(kiosk.getByRole('alert')).toContainText('预约码无效');
  await kiosk.getByRole('button', { name: '清空' }).click();
  for (const ch of code) await kiosk.getByRole('group', { name: '输入预约码' }).getByRole('button', { name: ch, exact: true }).click();
  await expect(kiosk.getByRole('textbox', { name: '输入预约码' })).toHaveValue(code);
  await kiosk.getByRole('button', { name: '签到取号' }).click();
  await expect(kiosk.getByRole('alert')).toContainText('该预约不是今天的');
  await snap(kiosk, testInfo, 'kiosk-check-in-1366');

  // A second one for the same day and business is refused, in words.
  await applicant.goto(`/my/appointments/new?site=${siteId}`);
  await applicant.getByRole('radio', { name: /社会事务/ }).click();
  await applicant.getByRole('radiogroup', { name: '日期' }).getByRole('radio').nth(1).click();
  await applicant.getByRole('radiogroup', { name: '时段' }).getByRole('radio', { name: /11:00/ }).click();
  await applicant.getByRole('button', { name: '提交预约' }).click();
  await expect(applicant.getByRole('alert').filter({ hasText: '同一大厅同一天同类业务只能预约一次' })).toBeVisible();
});
