import { addDays, dayOfWeek } from '../../common/working-days.js';

/**
 * The State Council General Office's holiday notices (国务院办公厅关于XXXX年部分节假日安排的通知),
 * written down independently of the `chinese-days` package that seeds the calendar, and checked
 * against the published texts:
 *   2019 国办发明电〔2018〕15号, with 劳动节 as amended by 国办发明电〔2019〕3号 (May 1–4; Apr 28, May 5 working);
 *   2020 国办发明电〔2019〕16号, with 春节 extended to Feb 2 by 国办发明电〔2020〕1号 (Feb 1 no longer a working day);
 *   2021 国办发明电〔2020〕27号; 2022 国办发明电〔2021〕11号; 2023 国办发明电〔2022〕16号; 2024 国办发明电〔2023〕7号;
 *   2025 国办发明电〔2024〕12号 (first year of the amended 放假办法: 春节 from 除夕, 劳动节 5 days);
 *   2026 国办发明电〔2025〕7号 (4 Nov 2025).
 * Per holiday: [name, off-day ranges ('MM-DD' or 'MM-DD..MM-DD', a leading 'YYYY-' for the previous year),
 * adjusted working days (调休上班日)]. Days outside the year being checked are ignored.
 */
export type Notice = [name: string, off: string, working?: string];
export const NOTICES: Record<number, Notice[]> = {
  2019: [
    ['元旦', '2018-12-30..01-01', '2018-12-29'],
    ['春节', '02-04..02-10', '02-02 02-03'],
    ['清明节', '04-05..04-07'],
    ['劳动节', '05-01..05-04', '04-28 05-05'],
    ['端午节', '06-07..06-09'],
    ['中秋节', '09-13..09-15'],
    ['国庆节', '10-01..10-07', '09-29 10-12'],
  ],
  2020: [
    ['元旦', '01-01'],
    ['春节', '01-24..02-02', '01-19'],
    ['清明节', '04-04..04-06'],
    ['劳动节', '05-01..05-05', '04-26 05-09'],
    ['端午节', '06-25..06-27', '06-28'],
    ['国庆节、中秋节', '10-01..10-08', '09-27 10-10'],
  ],
  2021: [
    ['元旦', '01-01..01-03'],
    ['春节', '02-11..02-17', '02-07 02-20'],
    ['清明节', '04-03..04-05'],
    ['劳动节', '05-01..05-05', '04-25 05-08'],
    ['端午节', '06-12..06-14'],
    ['中秋节', '09-19..09-21', '09-18'],
    ['国庆节', '10-01..10-07', '09-26 10-09'],
  ],
  2022: [
    ['元旦', '01-01..01-03'],
    ['春节', '01-31..02-06', '01-29 01-30'],
    ['清明节', '04-03..04-05', '04-02'],
    ['劳动节', '04-30..05-04', '04-24 05-07'],
    ['端午节', '06-03..06-05'],
    ['中秋节', '09-10..09-12'],
    ['国庆节', '10-01..10-07', '10-08 10-09'],
  ],
  2023: [
    ['元旦', '2022-12-31..01-02'],
    ['春节', '01-21..01-27', '01-28 01-29'],
    ['清明节', '04-05'],
    ['劳动节', '04-29..05-03', '04-23 05-06'],
    ['端午节', '06-22..06-24', '06-25'],
    ['中秋节、国庆节', '09-29..10-06', '10-07 10-08'],
  ],
  2024: [
    ['元旦', '01-01'],
    ['春节', '02-10..02-17', '02-04 02-18'],
    ['清明节', '04-04..04-06', '04-07'],
    ['劳动节', '05-01..05-05', '04-28 05-11'],
    ['端午节', '06-10'],
    ['中秋节', '09-15..09-17', '09-14'],
    ['国庆节', '10-01..10-07', '09-29 10-12'],
  ],
  2025: [
    ['元旦', '01-01'],
    ['春节', '01-28..02-04', '01-26 02-08'],
    ['清明节', '04-04..04-06'],
    ['劳动节', '05-01..05-05', '04-27'],
    ['端午节', '05-31..06-02'],
    ['国庆节、中秋节', '10-01..10-08', '09-28 10-11'],
  ],
  2026: [
    ['元旦', '01-01..01-03', '01-04'],
    ['春节', '02-15..02-23', '02-14 02-28'],
    ['清明节', '04-04..04-06'],
    ['劳动节', '05-01..05-05', '05-09'],
    ['端午节', '06-19..06-21'],
    ['中秋节', '09-25..09-27'],
    ['国庆节', '10-01..10-07', '09-20 10-10'],
  ],
};
export const YEARS = Object.keys(NOTICES).map(Number);

// chinese-days shortens three names (清明, 端午, 中秋); the notices say 清明节, 端午节, 中秋节. Both are accepted.
export const NAMES: Record<string, string[]> = {
  元旦: ['元旦'], 春节: ['春节'], 清明节: ['清明节', '清明'], 劳动节: ['劳动节'], 端午节: ['端午节', '端午'], 中秋节: ['中秋节', '中秋'], 国庆节: ['国庆节'],
};
export const acceptedNames = (holiday: string) => holiday.split('、').flatMap((h) => NAMES[h]!);

export const fullDate = (year: number, d: string) => (d.length === 5 ? `${year}-${d}` : d);
export function dateRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Every date the notices name: whether it is a working day and the holiday it belongs to. */
export const OFFICIAL = new Map<string, { workday: boolean; holiday: string }>();
for (const year of YEARS) {
  for (const [holiday, off, working] of NOTICES[year]!) {
    const [from, to = from] = off.split('..') as [string, string?];
    for (const d of dateRange(fullDate(year, from), fullDate(year, to))) OFFICIAL.set(d, { workday: false, holiday });
    for (const d of working?.split(' ') ?? []) OFFICIAL.set(fullDate(year, d), { workday: true, holiday });
  }
}
export const inSeededYears = (d: string) => d >= '2019-01-01' && d <= '2026-12-31';

/** The official answer: the notice's day if listed, else Monday–Friday. */
export function officialWorkday(date: string): boolean {
  const listed = OFFICIAL.get(date);
  if (listed) return listed.workday;
  const dow = dayOfWeek(date);
  return dow !== 0 && dow !== 6;
}

/** The Nth working day after `from` on the official table (Civil Code Art. 201: `from` not counted). */
export function officialAddWorkdays(from: string, n: number): string {
  let d = from;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (officialWorkday(d)) left -= 1;
  }
  return d;
}

