import { sql } from 'drizzle-orm';
import { ticketTypes, type TicketType } from '../../../common/hotline.js';
import type { IsoDate } from '../../../common/working-days.js';
import { rows, type Queryable } from '../../db/client.js';
import { hotlineKpis, type HotlineCounts, type HotlineKpiValue } from './rules.js';

// The hotline KPIs of an organisation's subtree over a period (electronic supervision asks for them):
// a handful of aggregate queries over the tickets, their tasks and callbacks, each by an indexed date
// and a tree-path prefix, whatever the number of tickets. Definitions: rules.ts `hotlineKpiDefinitions`.

const num = (v: unknown) => Number(v ?? 0);

/** The counts behind the hotline KPIs of the subtree under `orgPath`, days `from`–`to` (Asia/Shanghai) inclusive. */
export async function hotlineCounts(q: Queryable, orgPath: string, from: IsoDate, to: IsoDate): Promise<HotlineCounts> {
  const p = `${orgPath}%`;
  const typeCounts = sql.raw(ticketTypes.map((t) => `count(*) FILTER (WHERE type = '${t}')::int AS "${t}"`).join(', '));
  const [received] = await rows<Record<string, unknown>>(q, sql`
    SELECT count(*)::int AS received,
      count(*) FILTER (WHERE centre_org_path LIKE ${p} AND merged_into IS NULL)::int AS "receivedAtCentre",
      count(*) FILTER (WHERE centre_org_path LIKE ${p} AND merged_into IS NULL AND resolution = 'answeredOnSpot')::int AS "answeredOnSpot",
      count(*) FILTER (WHERE status = 'closed')::int AS closed,
      count(*) FILTER (WHERE status = 'merged')::int AS merged,
      ${typeCounts}
    FROM hotline_tickets t
    WHERE received_on BETWEEN ${from}::date AND ${to}::date
      AND (centre_org_path LIKE ${p} OR EXISTS (SELECT 1 FROM hotline_tasks k WHERE k.ticket_id = t.id AND k.role = 'lead' AND k.org_path LIKE ${p}))`);
  const [dispatched] = await rows<Record<string, unknown>>(q, sql`
    SELECT count(*)::int AS "dispatchedFirst", count(*) FILTER (WHERE first_dispatched_on <= dispatch_due_on)::int AS "dispatchedOnTime"
    FROM hotline_tickets WHERE first_dispatched_on BETWEEN ${from}::date AND ${to}::date AND centre_org_path LIKE ${p}`);
  const [handled] = await rows<Record<string, unknown>>(q, sql`
    SELECT count(*)::int AS "tasksReplied", count(*) FILTER (WHERE replied_on <= due_on)::int AS "tasksRepliedOnTime"
    FROM hotline_tasks WHERE replied_on BETWEEN ${from}::date AND ${to}::date AND status = 'replied' AND org_path LIKE ${p}`);
  const [callbacks] = await rows<Record<string, unknown>>(q, sql`
    SELECT count(*)::int AS "callbacksDue",
      count(*) FILTER (WHERE EXISTS (SELECT 1 FROM hotline_callbacks c WHERE c.ticket_id = k.ticket_id AND c.round = k.round AND c.called_on <= k.callback_due_on))::int AS "callbacksOnTime"
    FROM hotline_tasks k JOIN hotline_tickets t ON t.id = k.ticket_id
    WHERE k.role = 'lead' AND k.callback_due_on BETWEEN ${from}::date AND ${to}::date AND t.centre_org_path LIKE ${p}`);
  const [rated] = await rows<Record<string, unknown>>(q, sql`
    SELECT count(*)::int AS "callbacksRated", count(*) FILTER (WHERE satisfied)::int AS "callbacksSatisfied"
    FROM hotline_callbacks WHERE called_on BETWEEN ${from}::date AND ${to}::date AND reached AND satisfied IS NOT NULL AND lead_org_path LIKE ${p}`);
  return {
    received: num(received?.received), receivedAtCentre: num(received?.receivedAtCentre), answeredOnSpot: num(received?.answeredOnSpot), closed: num(received?.closed), merged: num(received?.merged),
    byType: Object.fromEntries(ticketTypes.map((t) => [t, num(received?.[t])])) as Record<TicketType, number>,
    dispatchedFirst: num(dispatched?.dispatchedFirst), dispatchedOnTime: num(dispatched?.dispatchedOnTime),
    tasksReplied: num(handled?.tasksReplied), tasksRepliedOnTime: num(handled?.tasksRepliedOnTime),
    callbacksDue: num(callbacks?.callbacksDue), callbacksOnTime: num(callbacks?.callbacksOnTime),
    callbacksRated: num(rated?.callbacksRated), callbacksSatisfied: num(rated?.callbacksSatisfied),
  };
}

/** The hotline KPIs of a subtree and period, for supervision's KPI view and monthly report (no access check: the caller scoped the organisation). */
export async function hotlineKpisOf(q: Queryable, orgPath: string, period: { from: IsoDate; to: IsoDate }): Promise<HotlineKpiValue[]> {
  return hotlineKpis(await hotlineCounts(q, orgPath, period.from, period.to));
}
