import { count } from 'drizzle-orm';
import { creditCodeCheckChar, residentIdCheckChar } from '../../../common/id-codes.js';
import { seededRandom, type SeededRandom } from '../../../common/random.js';
import type { FieldType, ResourceField, SharingType, SubjectKind, UpdateFrequency } from '../../../common/sharing.js';
import { addDays, shanghaiDate, type IsoDate } from '../../../common/working-days.js';
import type { Tx } from '../../db/client.js';
import { findOrg, type OrgRow } from '../orgs/index.js';
import { dataRecords, dataResources } from './schema.js';

// The sharing platform's seed: the resources the prefecture's departments publish (household
// registration, marriage, social security, company registration, real estate, tax, criminal record),
// records for the demo applicants, and a deterministic population of generated persons and companies
// with valid resident IDs (GB 11643) and credit codes (GB 32100). Everything is made up.

const f = (key: string, name: string, nameEn: string, type: FieldType = 'text', sensitive = false): ResourceField => ({ key, name, nameEn, type, sensitive });

interface ResourceSeed {
  code: string;
  name: string;
  nameEn: string;
  /** Code of the owning department in orgs.json. */
  owner: string;
  subjectKinds: SubjectKind[];
  updateFrequency: UpdateFrequency;
  sharingType: SharingType;
  description: string;
  descriptionEn: string;
  fields: ResourceField[];
}

export const resourceSeeds: ResourceSeed[] = [
  {
    code: 'household-registration', name: '户籍信息', nameEn: 'Household registration', owner: '652300-public-security', subjectKinds: ['person'], updateFrequency: 'realTime', sharingType: 'conditional',
    description: '常住人口户籍登记信息：姓名、性别、民族、出生日期、户号、户主及与户主关系、住址、户籍状态和登记机关。可替代户口簿、户籍证明、死亡（注销户口）证明等材料。',
    descriptionEn: 'Registered residents: name, sex, ethnicity, date of birth, household number, head of household and relation, address, registration status and the registering police station. Replaces the household register booklet, household certificates and proofs of deregistration.',
    fields: [
      f('name', '姓名', 'Name', 'name'), f('gender', '性别', 'Sex'), f('ethnicity', '民族', 'Ethnicity'), f('birthDate', '出生日期', 'Date of birth', 'date'),
      f('householdNumber', '户号', 'Household number', 'text', true), f('householdHead', '户主姓名', 'Head of household', 'name', true), f('relationToHead', '与户主关系', 'Relation to the head'),
      f('address', '住址', 'Address', 'address', true), f('registrationStatus', '户籍状态', 'Registration status'), f('statusChangedOn', '状态变更日期', 'Status changed on', 'date'),
      f('registeredAt', '登记机关', 'Registering police station'),
    ],
  },
  {
    code: 'marriage-status', name: '婚姻登记信息', nameEn: 'Marriage registration', owner: '652300-civil-affairs', subjectKinds: ['person'], updateFrequency: 'daily', sharingType: 'conditional',
    description: '婚姻登记信息：婚姻状况、配偶、登记日期和登记机关。可替代结婚证、离婚证和婚姻状况证明。',
    descriptionEn: 'Marriage registrations: marital status, spouse, date and registry. Replaces marriage and divorce certificates and proofs of marital status.',
    fields: [
      f('name', '姓名', 'Name', 'name'), f('maritalStatus', '婚姻状况', 'Marital status'), f('spouseName', '配偶姓名', 'Spouse', 'name', true),
      f('spouseIdNumber', '配偶身份证号', 'Spouse\'s ID number', 'idNumber', true), f('registeredOn', '登记日期', 'Registered on', 'date'), f('registrationOffice', '登记机关', 'Registry'),
    ],
  },
  {
    code: 'social-security-status', name: '社会保险参保信息', nameEn: 'Social insurance status', owner: '652300-hrss', subjectKinds: ['person'], updateFrequency: 'monthly', sharingType: 'unconditional',
    description: '社会保险参保缴费信息：参保状态、险种、参保单位、首次参保日期、累计缴费月数和最近缴费月份。可替代参保缴费凭证和社保缴费证明。',
    descriptionEn: 'Social insurance: status, schemes, employer, first insured on, months paid and the last month paid. Replaces contribution records and proofs of insurance.',
    fields: [
      f('name', '姓名', 'Name', 'name'), f('status', '参保状态', 'Status'), f('insuranceTypes', '参保险种', 'Schemes'), f('employer', '参保单位', 'Employer'),
      f('firstInsuredOn', '首次参保日期', 'First insured on', 'date'), f('paidMonths', '累计缴费月数', 'Months paid', 'number'), f('lastPaidMonth', '最近缴费月份', 'Last month paid'), f('insuredRegion', '参保地', 'Insured in'),
    ],
  },
  {
    code: 'company-registration', name: '市场主体登记信息', nameEn: 'Company registration', owner: '652300-market', subjectKinds: ['company'], updateFrequency: 'realTime', sharingType: 'unconditional',
    description: '企业、个体工商户和农民专业合作社的登记信息（与国家企业信用信息公示系统一致）：名称、类型、法定代表人、注册资本、成立日期、住所、经营范围和登记状态。可替代营业执照复印件和主体资格证明。',
    descriptionEn: 'Companies, sole traders and cooperatives as registered (as on the National Enterprise Credit Information Publicity System): name, type, legal representative, capital, founding date, address, scope and status. Replaces copies of the business licence and proofs of legal status.',
    fields: [
      f('companyName', '名称', 'Name'), f('companyType', '类型', 'Type'), f('legalRepresentative', '法定代表人', 'Legal representative', 'name'),
      f('legalRepresentativeId', '法定代表人身份证号', 'Legal representative\'s ID number', 'idNumber', true), f('registeredCapital', '注册资本（万元）', 'Registered capital (10k yuan)', 'number'),
      f('establishedOn', '成立日期', 'Founded on', 'date'), f('address', '住所', 'Address', 'address'), f('businessScope', '经营范围', 'Business scope'), f('status', '登记状态', 'Status'),
      f('registrationAuthority', '登记机关', 'Registration authority'),
    ],
  },
  {
    code: 'real-estate-status', name: '不动产登记信息', nameEn: 'Real estate registration', owner: '652300-natural-resources', subjectKinds: ['person', 'company'], updateFrequency: 'daily', sharingType: 'conditional',
    description: '不动产登记簿信息：权利人名下不动产数量、坐落、不动产权证号、是否家庭唯一住房、抵押和查封情况。可替代不动产权证书、房产证明和住房情况证明。',
    descriptionEn: 'The real estate register: how many properties a holder has, where, certificate numbers, whether it is the family\'s only home, mortgages and seizures. Replaces real estate certificates and proofs of housing.',
    fields: [
      f('holderName', '权利人', 'Holder', 'name'), f('propertyCount', '不动产数量', 'Properties', 'number'), f('locations', '坐落', 'Locations', 'address', true),
      f('certificateNumbers', '不动产权证号', 'Certificate numbers', 'text', true), f('onlyHome', '家庭唯一住房', 'Family\'s only home', 'boolean'), f('mortgaged', '存在抵押', 'Mortgaged', 'boolean'),
      f('seized', '存在查封', 'Seized', 'boolean'),
    ],
  },
  {
    code: 'tax-status', name: '纳税信息', nameEn: 'Tax status', owner: '652300-tax', subjectKinds: ['person', 'company'], updateFrequency: 'daily', sharingType: 'conditional',
    description: '纳税人登记和缴纳信息：纳税人状态、纳税信用等级、是否欠税及欠税金额、最近申报期和清税情况。可替代完税证明、清税证明和纳税信用证明。',
    descriptionEn: 'Taxpayers: status, tax credit rating, arrears and their amount, the last period filed, tax clearance. Replaces tax payment and clearance certificates.',
    fields: [
      f('taxpayerName', '纳税人名称', 'Taxpayer', 'name'), f('taxpayerStatus', '纳税人状态', 'Status'), f('creditRating', '纳税信用等级', 'Tax credit rating'),
      f('inArrears', '存在欠税', 'In arrears', 'boolean'), f('arrearsAmount', '欠税金额（元）', 'Arrears (yuan)', 'number', true), f('lastFiledPeriod', '最近申报所属期', 'Last period filed'),
      f('clearanceIssued', '已出具清税证明', 'Tax clearance issued', 'boolean'), f('deedTaxPaid', '契税已缴纳', 'Deed tax paid', 'boolean'),
    ],
  },
  {
    code: 'criminal-record', name: '违法犯罪记录信息', nameEn: 'Criminal record', owner: '652300-public-security', subjectKinds: ['person'], updateFrequency: 'realTime', sharingType: 'conditional',
    description: '是否有犯罪记录（无犯罪记录证明的数据来源）。仅限法律法规规定需要核查的事项使用；记录摘要始终脱敏。',
    descriptionEn: 'Whether a person has a criminal record (the source of certificates of no criminal record). Only for matters where a law requires the check; the summary is always masked.',
    fields: [f('name', '姓名', 'Name', 'name'), f('hasRecord', '有犯罪记录', 'Has a record', 'boolean'), f('recordSummary', '记录摘要', 'Summary', 'text', true), f('checkedOn', '核查日期', 'Checked on', 'date')],
  },
  {
    code: 'household-archive', name: '户籍档案影像', nameEn: 'Household registration archive', owner: '652300-public-security', subjectKinds: ['person'], updateFrequency: 'monthly', sharingType: 'notShared',
    description: '户籍原始档案的扫描影像（迁移、变更的原始凭证）。涉及大量个人敏感信息，不予共享；确需使用的，由户籍窗口现场调档。',
    descriptionEn: 'Scans of the original household registration files. Too much personal data to share; a household registration window retrieves a file in person when really needed.',
    fields: [f('name', '姓名', 'Name', 'name'), f('archiveNumber', '档案编号', 'Archive number'), f('pages', '页数', 'Pages', 'number')],
  },
];

// ---------------------------------------------------------------- generated people and companies

const counties = [
  { code: '652301', name: '昌吉市', streets: ['北京南路', '延安北路', '宁边西路', '建国西路', '长宁路', '世纪大道', '乌伊东路', '屯河路'], police: ['宁边路派出所', '延安北路派出所', '中山路派出所', '榆树沟派出所'] },
  { code: '652302', name: '阜康市', streets: ['博峰街', '阜新街', '天池街', '准噶尔路'], police: ['博峰街派出所', '阜新街派出所', '城关镇派出所'] },
  { code: '652323', name: '呼图壁县', streets: ['东风路', '园户路', '迎宾路'], police: ['呼图壁镇派出所', '五工台派出所'] },
  { code: '652324', name: '玛纳斯县', streets: ['凤凰路', '新世纪大道', '文化路'], police: ['玛纳斯镇派出所', '乐土驿派出所'] },
  { code: '652325', name: '奇台县', streets: ['古城大道', '天山路', '南湖路'], police: ['奇台镇派出所', '西北湾派出所'] },
  { code: '652327', name: '吉木萨尔县', streets: ['北庭路', '文化西路', '人民路'], police: ['吉木萨尔镇派出所', '北庭镇派出所'] },
  { code: '652328', name: '木垒哈萨克自治县', streets: ['人民路', '团结路', '英格堡路'], police: ['木垒镇派出所', '西吉尔派出所'] },
] as const;
// Where people were born: mostly the prefecture, some elsewhere (GB/T 2260 codes of their home counties).
const birthRegions = ['652301', '652301', '652302', '652323', '652324', '652325', '652327', '652328', '650102', '410102', '620102', '510104', '370102', '622101'];

const hanSurnames = '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const givenChars = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国红文志新海燕雪梅晨宇浩然欣怡思雨子轩佳琪俊博婷晓东立春';
const uyghurNames = { male: ['艾力', '买买提', '艾合买提', '吐尔逊', '阿不都', '努尔兰', '依明', '热合曼'], female: ['阿依古丽', '古丽娜尔', '热依拉', '米娜瓦尔', '帕提古丽', '再努尔', '阿依努尔'] };
const kazakhNames = { male: ['叶尔兰', '努尔波拉提', '哈力木', '别克', '达吾列提', '阿斯哈尔'], female: ['阿依达娜', '古丽米拉', '加娜尔', '玛丽娜', '阿娜尔'] };

interface Person {
  id: string;
  name: string;
  male: boolean;
  ethnicity: string;
  birthDate: IsoDate;
  county: (typeof counties)[number];
  address: string;
}

function makePerson(r: SeededRandom, n: number, today: IsoDate): Person {
  const born = addDays('1950-01-01', r.int(0, 20_000));
  const birthDate = born > addDays(today, -365 * 16) ? addDays(today, -365 * 16 - r.int(0, 3000)) : born;
  const seq = String(n % 1000).padStart(3, '0');
  const male = Number(seq[2]) % 2 === 1;
  const first17 = `${r.pick(birthRegions)}${birthDate.replaceAll('-', '')}${seq}`;
  const roll = r.next();
  const ethnicity = roll < 0.72 ? '汉族' : roll < 0.86 ? '回族' : roll < 0.94 ? '哈萨克族' : '维吾尔族';
  let name: string;
  if (ethnicity === '哈萨克族') name = `${r.pick(male ? kazakhNames.male : kazakhNames.female)}·${r.pick(kazakhNames.male)}`;
  else if (ethnicity === '维吾尔族') name = `${r.pick(male ? uyghurNames.male : uyghurNames.female)}·${r.pick(uyghurNames.male)}`;
  else name = (ethnicity === '回族' && r.chance(0.4) ? '马' : r.pick([...hanSurnames])) + r.pick([...givenChars]) + (r.chance(0.6) ? r.pick([...givenChars]) : '');
  const county = r.pick(counties);
  const address = `${county.name}${r.pick(county.streets)}${r.int(1, 300)}号${r.int(1, 20)}栋${r.int(1, 6)}单元${r.int(1, 18)}0${r.int(1, 4)}室`;
  return { id: first17 + residentIdCheckChar(first17), name, male, ethnicity, birthDate, county, address };
}

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const companyWords = ['天山', '庭州', '准噶尔', '北庭', '博格达', '丝路', '瑞丰', '金土地', '绿洲', '鑫源', '恒通', '盛达', '新天', '宏业', '祥和', '汇丰', '昌盛', '聚源'];
const trades = [
  { suffix: '商贸有限公司', type: '有限责任公司（自然人投资或控股）', scope: '日用百货、五金交电、建材销售；货物进出口。' },
  { suffix: '食品有限公司', type: '有限责任公司（自然人投资或控股）', scope: '食品销售；餐饮服务；农副产品收购。' },
  { suffix: '农业科技有限公司', type: '有限责任公司（自然人独资）', scope: '农作物种植；农业技术推广服务；化肥销售。' },
  { suffix: '建筑工程有限公司', type: '有限责任公司（自然人投资或控股）', scope: '房屋建筑工程施工；市政公用工程施工。' },
  { suffix: '物流有限公司', type: '有限责任公司（自然人投资或控股）', scope: '道路普通货物运输；仓储服务。' },
  { suffix: '种植专业合作社', type: '农民专业合作社', scope: '组织成员种植、销售农作物；提供农业技术服务。' },
  { suffix: '餐厅', type: '个体工商户', scope: '餐饮服务。' },
  { suffix: '汽车修理厂', type: '个人独资企业', scope: '机动车维修；汽车零配件销售。' },
];

interface Company {
  id: string;
  name: string;
  type: string;
  scope: string;
  representative: Person;
  county: (typeof counties)[number];
  address: string;
  establishedOn: IsoDate;
  capital: number;
}

function makeCompany(r: SeededRandom, n: number, representative: Person, today: IsoDate): Company {
  const trade = r.pick(trades);
  const county = r.pick(counties);
  // GB 32100: 9 registered by market regulation, 1 enterprise / 2 sole trader / 3 cooperative; region; organisation code; check.
  const kind = trade.type === '个体工商户' ? '2' : trade.type === '农民专业合作社' ? '3' : '1';
  const body = `MA${Array.from({ length: 6 }, () => r.pick([...CREDIT_CHARS])).join('')}${CREDIT_CHARS[n % 31]}`;
  const first17 = `9${kind}${county.code}${body}`;
  const word = r.pick(companyWords);
  return {
    id: first17 + creditCodeCheckChar(first17),
    name: trade.type === '个体工商户' ? `${county.name}${representative.name.slice(0, 1)}记${word}${trade.suffix}` : `${county.name}${word}${r.pick(['', '源', '达', '兴'])}${trade.suffix}`,
    type: trade.type, scope: trade.scope, representative, county,
    address: `新疆昌吉州${county.name}${r.pick(county.streets)}${r.int(1, 400)}号`,
    establishedOn: addDays('2005-01-01', r.int(0, Math.max(1, Math.round((Date.parse(today) - Date.parse('2005-01-01')) / 86_400_000) - 30))),
    capital: r.pick([10, 30, 50, 100, 200, 300, 500, 1000]),
  };
}

const yearsBetween = (from: IsoDate, to: IsoDate) => Number(to.slice(0, 4)) - Number(from.slice(0, 4)) - (to.slice(5) < from.slice(5) ? 1 : 0);
const monthBefore = (today: IsoDate, months: number) => {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) - months;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
};

type Records = Map<string, { subjectId: string; data: Record<string, unknown> }[]>;

function personRecords(r: SeededRandom, p: Person, spouse: Person | null, today: IsoDate, out: Records): void {
  const age = yearsBetween(p.birthDate, today);
  const add = (code: string, data: Record<string, unknown>) => out.get(code)!.push({ subjectId: p.id, data });
  const station = `${p.county.name}公安局${r.pick(p.county.police)}`;
  const isHead = !spouse || p.male;
  add('household-registration', {
    name: p.name, gender: p.male ? '男' : '女', ethnicity: p.ethnicity, birthDate: p.birthDate, householdNumber: String(r.int(100_000_000, 999_999_999)),
    householdHead: isHead ? p.name : spouse!.name, relationToHead: isHead ? '户主' : '配偶', address: p.address, registrationStatus: r.chance(0.97) ? '正常' : '迁出',
    statusChangedOn: null, registeredAt: station,
  });
  if (age >= 20) {
    const married = !!spouse;
    const divorced = !married && age > 30 && r.chance(0.12);
    add('marriage-status', {
      name: p.name, maritalStatus: married ? '已婚' : divorced ? '离婚' : age > 70 && r.chance(0.3) ? '丧偶' : '未婚', spouseName: spouse?.name ?? null, spouseIdNumber: spouse?.id ?? null,
      registeredOn: married || divorced ? addDays(p.birthDate, 365 * r.int(22, Math.min(age, 35))) : null, registrationOffice: married || divorced ? `${p.county.name}民政局婚姻登记处` : null,
    });
  }
  if (age >= 18 && r.chance(0.85)) {
    const retired = age >= (p.male ? 60 : 55);
    const months = Math.min((age - 18) * 12, r.int(6, 420));
    add('social-security-status', {
      name: p.name, status: retired ? '退休领取待遇' : r.chance(0.9) ? '正常参保' : '暂停缴费', insuranceTypes: retired ? '基本养老保险、基本医疗保险' : '基本养老保险、基本医疗保险、失业保险、工伤保险',
      employer: retired ? null : `${p.county.name}${r.pick(companyWords)}${r.pick(trades).suffix}`, firstInsuredOn: addDays(p.birthDate, 365 * r.int(18, Math.max(18, Math.min(age, 30)))),
      paidMonths: months, lastPaidMonth: retired ? null : monthBefore(today, r.int(1, 2)), insuredRegion: `新疆昌吉州${p.county.name}`,
    });
  }
  if (age >= 22 && r.chance(0.6)) {
    const n = r.chance(0.8) ? 1 : 2;
    const year = r.int(2008, Number(today.slice(0, 4)) - 1);
    add('real-estate-status', {
      holderName: p.name, propertyCount: n, locations: p.address + (n > 1 ? `；${p.county.name}${r.pick(p.county.streets)}${r.int(1, 300)}号商铺` : ''),
      certificateNumbers: Array.from({ length: n }, () => `新（${year}）${p.county.name}不动产权第${String(r.int(1, 99_999)).padStart(7, '0')}号`).join('；'),
      onlyHome: n === 1, mortgaged: r.chance(0.35), seized: r.chance(0.01),
    });
  }
  if (age >= 18 && r.chance(0.45)) {
    const arrears = r.chance(0.03);
    add('tax-status', { taxpayerName: p.name, taxpayerStatus: '正常', creditRating: null, inArrears: arrears, arrearsAmount: arrears ? r.int(200, 20_000) : 0, lastFiledPeriod: monthBefore(today, 1), clearanceIssued: false, deedTaxPaid: r.chance(0.5) });
  }
  if (age >= 16) {
    const record = r.chance(0.008);
    add('criminal-record', { name: p.name, hasRecord: record, recordSummary: record ? '曾因交通肇事罪被判处有期徒刑一年，已刑满释放' : null, checkedOn: addDays(today, -r.int(0, 30)) });
  }
}

function companyRecords(r: SeededRandom, c: Company, today: IsoDate, out: Records): void {
  const add = (code: string, data: Record<string, unknown>) => out.get(code)!.push({ subjectId: c.id, data });
  const status = r.chance(0.92) ? '存续' : r.chance(0.7) ? '注销' : '吊销';
  add('company-registration', {
    companyName: c.name, companyType: c.type, legalRepresentative: c.representative.name, legalRepresentativeId: c.representative.id, registeredCapital: c.capital, establishedOn: c.establishedOn,
    address: c.address, businessScope: c.scope, status, registrationAuthority: `${c.county.name}市场监督管理局`,
  });
  if (r.chance(0.9)) {
    const arrears = status === '存续' && r.chance(0.05);
    add('tax-status', {
      taxpayerName: c.name, taxpayerStatus: status === '存续' ? (r.chance(0.96) ? '正常' : '非正常') : '注销', creditRating: r.pick(['A', 'B', 'B', 'M', 'C']), inArrears: arrears,
      arrearsAmount: arrears ? r.int(1_000, 200_000) : 0, lastFiledPeriod: monthBefore(today, 1), clearanceIssued: status === '注销', deedTaxPaid: r.chance(0.3),
    });
  }
  if (r.chance(0.35)) {
    add('real-estate-status', { holderName: c.name, propertyCount: 1, locations: c.address, certificateNumbers: `新（${c.establishedOn.slice(0, 4)}）${c.county.name}不动产权第${String(r.int(1, 99_999)).padStart(7, '0')}号`, onlyHome: null, mortgaged: r.chance(0.4), seized: false });
  }
}

// ---------------------------------------------------------------- the demo applicants

/** A demo applicant (server/seed/demo-accounts.ts) to seed records for. */
export interface SharingSeedSubject {
  username: string;
  displayName: string;
  kind: SubjectKind;
  idNumber: string;
}

const spouseOfZhangwei = (() => {
  const first17 = '65230119920415204';
  return first17 + residentIdCheckChar(first17);
})();

/** Hand-written records of the demo applicants, so that their journeys find what the government holds about them. */
function demoRecords(subjects: SharingSeedSubject[], today: IsoDate, out: Records): void {
  const person = (s: SharingSeedSubject) => {
    const birthDate = `${s.idNumber.slice(6, 10)}-${s.idNumber.slice(10, 12)}-${s.idNumber.slice(12, 14)}`;
    const male = Number(s.idNumber[16]) % 2 === 1;
    return { birthDate, male };
  };
  const add = (code: string, subjectId: string, data: Record<string, unknown>) => out.get(code)!.push({ subjectId, data });
  const company = subjects.find((s) => s.kind === 'company');
  const firstPerson = subjects.find((s) => s.kind === 'person');
  for (const s of subjects) {
    if (s.kind === 'company') {
      add('company-registration', s.idNumber, {
        companyName: s.displayName, companyType: '有限责任公司（自然人投资或控股）', legalRepresentative: firstPerson?.displayName ?? '张伟', legalRepresentativeId: firstPerson?.idNumber ?? null,
        registeredCapital: 200, establishedOn: '2019-05-20', address: '新疆昌吉州昌吉市宁边西路88号', businessScope: '食品销售；餐饮服务；农副产品收购；食品用塑料包装容器工具制品销售。', status: '存续', registrationAuthority: '昌吉市市场监督管理局',
      });
      add('tax-status', s.idNumber, { taxpayerName: s.displayName, taxpayerStatus: '正常', creditRating: 'A', inArrears: false, arrearsAmount: 0, lastFiledPeriod: monthBefore(today, 1), clearanceIssued: false, deedTaxPaid: true });
      add('real-estate-status', s.idNumber, { holderName: s.displayName, propertyCount: 1, locations: '昌吉市宁边西路88号1层商铺', certificateNumbers: '新（2019）昌吉市不动产权第0031875号', onlyHome: null, mortgaged: false, seized: false });
      continue;
    }
    const { birthDate, male } = person(s);
    const first = s === firstPerson;
    const address = first ? '昌吉市北京南路56号3栋2单元402室' : '阜康市博峰街18号5栋1单元201室';
    add('household-registration', s.idNumber, {
      name: s.displayName, gender: male ? '男' : '女', ethnicity: first ? '汉族' : '维吾尔族', birthDate, householdNumber: first ? '652301563' : '652302118', householdHead: s.displayName, relationToHead: '户主',
      address, registrationStatus: '正常', statusChangedOn: null, registeredAt: first ? '昌吉市公安局宁边路派出所' : '阜康市公安局博峰街派出所',
    });
    add('marriage-status', s.idNumber, first
      ? { name: s.displayName, maritalStatus: '已婚', spouseName: '王静', spouseIdNumber: spouseOfZhangwei, registeredOn: '2018-10-08', registrationOffice: '昌吉市民政局婚姻登记处' }
      : { name: s.displayName, maritalStatus: '未婚', spouseName: null, spouseIdNumber: null, registeredOn: null, registrationOffice: null });
    add('social-security-status', s.idNumber, {
      name: s.displayName, status: '正常参保', insuranceTypes: '基本养老保险、基本医疗保险、失业保险、工伤保险', employer: first ? (company?.displayName ?? '昌吉市天山食品有限公司') : '阜康市人民医院',
      firstInsuredOn: first ? '2012-07-01' : '2017-09-01', paidMonths: first ? 164 : 101, lastPaidMonth: monthBefore(today, 1), insuredRegion: first ? '新疆昌吉州昌吉市' : '新疆昌吉州阜康市',
    });
    add('real-estate-status', s.idNumber, first
      ? { holderName: s.displayName, propertyCount: 1, locations: address, certificateNumbers: '新（2020）昌吉市不动产权第0012345号', onlyHome: true, mortgaged: true, seized: false }
      : { holderName: s.displayName, propertyCount: 0, locations: null, certificateNumbers: null, onlyHome: false, mortgaged: false, seized: false });
    add('tax-status', s.idNumber, { taxpayerName: s.displayName, taxpayerStatus: '正常', creditRating: null, inArrears: false, arrearsAmount: 0, lastFiledPeriod: monthBefore(today, 1), clearanceIssued: false, deedTaxPaid: first });
    add('criminal-record', s.idNumber, { name: s.displayName, hasRecord: false, recordSummary: null, checkedOn: today });
  }
}

// ---------------------------------------------------------------- loading

export interface SharingSeedReport {
  resources: number;
  records: number;
}

/**
 * Publishes the seeded resources under their departments and fills them: the demo applicants'
 * records and `population` generated persons (with about a quarter as many companies). Skipped when
 * any resource exists, so seeding twice changes nothing; departments missing from the tree are skipped.
 */
export async function importSharingSeed(tx: Tx, options: { subjects: SharingSeedSubject[]; now: Date; population?: number }): Promise<SharingSeedReport> {
  const [existing] = await tx.select({ n: count() }).from(dataResources);
  if ((existing?.n ?? 0) > 0) return { resources: 0, records: 0 };
  const owners = new Map<string, OrgRow>();
  for (const code of new Set(resourceSeeds.map((s) => s.owner))) {
    const org = await findOrg(tx, code);
    if (org) owners.set(code, org);
  }
  const now = options.now;
  const today = shanghaiDate(now);
  const published = new Map<string, string>();
  for (const s of resourceSeeds) {
    const owner = owners.get(s.owner);
    if (!owner) continue;
    const { owner: _, ...rest } = s;
    const [row] = await tx.insert(dataResources).values({ ...rest, ownerOrgId: owner.id, ownerOrgPath: owner.path, createdAt: now, updatedAt: now }).returning({ id: dataResources.id });
    published.set(s.code, row!.id);
  }

  const records: Records = new Map(resourceSeeds.map((s) => [s.code, []]));
  demoRecords(options.subjects, today, records);
  const r = seededRandom(20_190_630);
  const people: Person[] = [];
  const taken = new Set(options.subjects.map((s) => s.idNumber));
  for (let n = 0; people.length < (options.population ?? 1500); n++) {
    const p = makePerson(r, n, today);
    if (!taken.has(p.id)) people.push(p);
    taken.add(p.id);
  }
  // Couples: adults paired off, each the other's spouse in the marriage register.
  const spouse = new Map<string, Person>();
  const adults = people.filter((p) => yearsBetween(p.birthDate, today) >= 24);
  for (let i = 0; i + 1 < adults.length; i += 2) {
    const [a, b] = [adults[i]!, adults[i + 1]!];
    if (a.male !== b.male && r.chance(0.8)) {
      spouse.set(a.id, b);
      spouse.set(b.id, a);
      b.address = a.address;
    }
  }
  for (const p of people) personRecords(r, p, spouse.get(p.id) ?? null, today, records);
  for (let n = 0; n < Math.round(people.length / 4); n++) {
    const c = makeCompany(r, n, r.pick(adults), today);
    if (taken.has(c.id)) continue;
    taken.add(c.id);
    companyRecords(r, c, today, records);
  }

  let total = 0;
  for (const [code, rows] of records) {
    const resourceId = published.get(code);
    if (!resourceId) continue;
    for (let i = 0; i < rows.length; i += 500) {
      await tx.insert(dataRecords).values(rows.slice(i, i + 500).map((row) => ({ resourceId, subjectId: row.subjectId, data: row.data, createdAt: now, updatedAt: now })));
    }
    total += rows.length;
  }

  return { resources: published.size, records: total };
}
