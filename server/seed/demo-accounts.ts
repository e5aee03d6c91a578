import { creditCodeCheckChar, residentIdCheckChar } from '../../common/id-codes.js';
import type { Role } from '../../common/enums.js';

/** The password of every demo account (README § Demo accounts). */
export const DEMO_PASSWORD = 'onetrip-demo';

export interface DemoStaff {
  username: string;
  displayName: string;
  roles: Role[];
  /** Code of the organisation in orgs.json. */
  org: string;
  /** Windows (codes) the account sits at. */
  windows?: string[];
}

/** One account for every role, at the levels the journeys use: prefecture, Changji City, a street, Fukang. */
export const demoStaff: DemoStaff[] = [
  { username: 'admin', displayName: '系统管理员', roles: ['admin'], org: '652300' },
  { username: 'admin.changji', displayName: '昌吉市管理员', roles: ['admin'], org: '652301' },
  { username: 'clerk.changji', displayName: '李娜（昌吉市综合窗口）', roles: ['windowClerk'], org: '652301-government-services', windows: ['652301-hall-B01', '652301-hall-E01'] },
  { username: 'clerk.fukang', displayName: '马丽（阜康市综合窗口）', roles: ['windowClerk'], org: '652302-government-services', windows: ['652302-hall-B01'] },
  { username: 'clerk.ningbian', displayName: '王芳（宁边路街道便民服务中心）', roles: ['windowClerk'], org: '652301001', windows: ['652301001-ap-A01'] },
  { username: 'clerk.prefecture', displayName: '赵磊（州政务服务中心）', roles: ['windowClerk'], org: '652300-government-services', windows: ['652300-hall-B01'] },
  { username: 'reviewer.market', displayName: '陈刚（州市场监管局审批科）', roles: ['reviewer'], org: '652300-market' },
  { username: 'reviewer.changji.market', displayName: '刘洋（昌吉市市场监管局）', roles: ['reviewer'], org: '652301-market' },
  { username: 'head.market', displayName: '周建国（州市场监管局局长）', roles: ['departmentHead', 'reviewer'], org: '652300-market' },
  { username: 'head.changji.market', displayName: '吴海燕（昌吉市市场监管局局长）', roles: ['departmentHead', 'reviewer'], org: '652301-market' },
  // Heads of the departments that own shared data (数据共享): they publish resources and answer applications.
  { username: 'head.public-security', displayName: '马建军（州公安局局长）', roles: ['departmentHead'], org: '652300-public-security' },
  { username: 'head.civil-affairs', displayName: '古丽娜尔（州民政局局长）', roles: ['departmentHead'], org: '652300-civil-affairs' },
  { username: 'head.hrss', displayName: '王立新（州人社局局长）', roles: ['departmentHead'], org: '652300-hrss' },
  { username: 'head.natural-resources', displayName: '赵文博（州自然资源局局长）', roles: ['departmentHead'], org: '652300-natural-resources' },
  { username: 'head.tax', displayName: '李春梅（州税务局局长）', roles: ['departmentHead'], org: '652300-tax' },
  { username: 'supervisor', displayName: '孙志强（州电子监察）', roles: ['supervisor'], org: '652300' },
  { username: 'supervisor.changji', displayName: '何静（昌吉市电子监察）', roles: ['supervisor'], org: '652301' },
  { username: 'supervisor.fukang', displayName: '杨帆（阜康市电子监察）', roles: ['supervisor'], org: '652302' },
  { username: 'hotline', displayName: '高敏（12345热线）', roles: ['hotlineAgent'], org: '652300-government-services' },
  { username: 'catalog', displayName: '郭涛（事项目录管理）', roles: ['catalogManager'], org: '652300-government-services' },
  // A second catalog manager: a version is approved by someone other than who submitted it.
  { username: 'catalog.review', displayName: '林晓（事项目录审核）', roles: ['catalogManager'], org: '652300-government-services' },
];

const residentId = (first17: string) => first17 + residentIdCheckChar(first17);
const creditCode = (first17: string) => first17 + creditCodeCheckChar(first17);

export interface DemoApplicant {
  username: string;
  displayName: string;
  kind: 'person' | 'company';
  idNumber: string;
  phone: string;
}

/** Applicants with valid check characters (GB 11643, GB 32100); the numbers are made up. */
export const demoApplicants: DemoApplicant[] = [
  { username: 'zhangwei', displayName: '张伟', kind: 'person', idNumber: residentId('65230119900307123'), phone: '13899120001' },
  { username: 'aynur', displayName: '阿依努尔', kind: 'person', idNumber: residentId('65230219950812402'), phone: '13899120002' },
  { username: 'tianshan.food', displayName: '昌吉市天山食品有限公司', kind: 'company', idNumber: creditCode('91652301MA78TXFD0'), phone: '13899120003' },
];
