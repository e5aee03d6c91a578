import type { CertificateField, CertificateFieldType, HolderKind } from './schema.js';
import { ITEM_RESULT_TYPE, nationalTypeCode } from './rules.js';

// The standard certificate types OneTrip ships: those the service catalog names in
// `replaceableBy.certificateType`, those its items issue, and the generic result of an item.

export interface BuiltInType {
  key: string;
  nationalCode: string;
  name: string;
  nameEn: string;
  deptKey: string;
  holderKinds: HolderKind[];
  validityYears: number | null;
  fields: CertificateField[];
}

type FieldSpec = [key: string, name: string, nameEn: string, type?: CertificateFieldType, required?: boolean];
const f = ([key, name, nameEn, type = 'string', required = true]: FieldSpec): CertificateField => ({ key, name, nameEn, type, required });
const optional = (spec: FieldSpec): CertificateField => f([spec[0], spec[1], spec[2], spec[3] ?? 'string', false]);

type Spec = Omit<BuiltInType, 'nationalCode' | 'fields'> & { fields: CertificateField[] };

const specs: Spec[] = [
  {
    key: 'residentIdCard', name: '居民身份证', nameEn: 'Resident identity card', deptKey: 'public-security', holderKinds: ['person'], validityYears: 20,
    fields: [f(['gender', '性别', 'Sex']), f(['ethnicity', '民族', 'Ethnicity']), f(['birthDate', '出生日期', 'Date of birth', 'date']), f(['address', '住址', 'Address'])],
  },
  {
    key: 'householdRegister', name: '居民户口簿', nameEn: 'Household register', deptKey: 'public-security', holderKinds: ['person'], validityYears: null,
    fields: [f(['householdType', '户别', 'Household type']), f(['householder', '户主姓名', 'Head of household']), f(['relation', '与户主关系', 'Relation to the head']), f(['address', '住址', 'Address'])],
  },
  {
    key: 'driversLicence', name: '机动车驾驶证', nameEn: 'Driving licence', deptKey: 'public-security', holderKinds: ['person'], validityYears: 6,
    fields: [f(['vehicleClass', '准驾车型', 'Vehicle class']), f(['firstIssuedOn', '初次领证日期', 'First issued on', 'date']), optional(['address', '住址', 'Address'])],
  },
  {
    key: 'businessLicence', name: '营业执照', nameEn: 'Business licence', deptKey: 'market', holderKinds: ['company', 'person'], validityYears: null,
    fields: [
      f(['entityName', '名称', 'Name']), f(['entityType', '类型', 'Type']), f(['legalRepresentative', '法定代表人（负责人、经营者）', 'Legal representative']),
      optional(['registeredCapital', '注册资本', 'Registered capital']), f(['establishedOn', '成立日期', 'Established on', 'date']), f(['address', '住所（经营场所）', 'Domicile']),
      f(['businessScope', '经营范围', 'Business scope']),
    ],
  },
  {
    key: 'foodBusinessLicence', name: '食品经营许可证', nameEn: 'Food business licence', deptKey: 'market', holderKinds: ['company', 'person'], validityYears: 5,
    fields: [
      f(['operatorName', '经营者名称', 'Operator']), f(['legalRepresentative', '法定代表人（负责人）', 'Legal representative']), f(['premises', '经营场所', 'Premises']),
      f(['mainBusiness', '主体业态', 'Main business type']), f(['businessItems', '经营项目', 'Business items']),
    ],
  },
  {
    key: 'drugRetailLicence', name: '药品经营许可证', nameEn: 'Drug retail licence', deptKey: 'market', holderKinds: ['company', 'person'], validityYears: 5,
    fields: [f(['entityName', '企业名称', 'Name']), f(['premises', '注册地址', 'Premises']), f(['businessScope', '经营范围', 'Business scope']), f(['pharmacist', '质量负责人', 'Quality manager'])],
  },
  {
    key: 'realEstateCertificate', name: '不动产权证书', nameEn: 'Real estate certificate', deptKey: 'natural-resources', holderKinds: ['person', 'company'], validityYears: null,
    fields: [
      f(['coOwnership', '共有情况', 'Co-ownership']), f(['location', '坐落', 'Location']), f(['unitNumber', '不动产单元号', 'Property unit number']),
      f(['rightType', '权利类型', 'Type of right']), f(['usage', '用途', 'Use']), f(['area', '面积（平方米）', 'Area (m²)', 'number']), optional(['landTermUntil', '土地使用期限至', 'Land use term until', 'date']),
    ],
  },
  {
    key: 'socialSecurityCard', name: '社会保障卡', nameEn: 'Social security card', deptKey: 'hrss', holderKinds: ['person'], validityYears: 10,
    fields: [f(['cardNumber', '卡号', 'Card number']), f(['bank', '发卡银行', 'Issuing bank'])],
  },
  {
    key: 'degreeCertificate', name: '学位证书', nameEn: 'Degree certificate', deptKey: 'education', holderKinds: ['person'], validityYears: null,
    fields: [f(['degree', '学位', 'Degree']), f(['major', '专业', 'Field of study']), f(['institution', '学位授予单位', 'Awarding institution']), f(['conferredOn', '授予日期', 'Conferred on', 'date'])],
  },
  {
    key: 'teacherQualification', name: '教师资格证书', nameEn: 'Teacher qualification certificate', deptKey: 'education', holderKinds: ['person'], validityYears: null,
    fields: [f(['qualification', '资格种类', 'Kind of qualification']), f(['subject', '任教学科', 'Subject'])],
  },
  {
    key: 'privateSchoolLicence', name: '民办学校办学许可证', nameEn: 'Private school licence', deptKey: 'education', holderKinds: ['company', 'person'], validityYears: 5,
    fields: [f(['schoolName', '学校名称', 'School']), f(['address', '地址', 'Address']), f(['schoolType', '办学类型', 'Type of school']), f(['principal', '校长', 'Principal'])],
  },
  {
    key: 'marriageCertificate', name: '结婚证', nameEn: 'Marriage certificate', deptKey: 'civil-affairs', holderKinds: ['person'], validityYears: null,
    fields: [f(['spouseName', '配偶姓名', 'Spouse']), f(['spouseIdNumber', '配偶身份证件号', 'Spouse\'s ID number']), f(['registeredOn', '登记日期', 'Registered on', 'date'])],
  },
  {
    key: 'birthCertificate', name: '出生医学证明', nameEn: 'Medical certificate of birth', deptKey: 'health', holderKinds: ['person'], validityYears: null,
    fields: [
      f(['childName', '新生儿姓名', 'Child\'s name']), f(['gender', '性别', 'Sex']), f(['birthDate', '出生日期', 'Date of birth', 'date']), f(['birthPlace', '出生地点', 'Place of birth']),
      f(['motherName', '母亲姓名', 'Mother']), optional(['fatherName', '父亲姓名', 'Father']),
    ],
  },
  {
    key: 'publicPlaceHygieneLicence', name: '公共场所卫生许可证', nameEn: 'Public place hygiene licence', deptKey: 'health', holderKinds: ['company', 'person'], validityYears: 4,
    fields: [f(['entityName', '单位名称', 'Name']), f(['premises', '地址', 'Premises']), f(['category', '许可项目', 'Licensed activity'])],
  },
  {
    key: 'practisingPhysicianCertificate', name: '医师执业证书', nameEn: 'Practising physician certificate', deptKey: 'health', holderKinds: ['person'], validityYears: null,
    fields: [f(['category', '执业类别', 'Category']), f(['scope', '执业范围', 'Scope']), f(['workplace', '执业地点', 'Place of practice'])],
  },
  {
    key: 'constructionPermit', name: '建筑工程施工许可证', nameEn: 'Construction permit', deptKey: 'housing', holderKinds: ['company'], validityYears: null,
    fields: [f(['projectName', '工程名称', 'Project']), f(['location', '建设地址', 'Site']), f(['contractPrice', '合同价格（万元）', 'Contract price (10k yuan)', 'number']), f(['contractor', '施工单位', 'Contractor'])],
  },
  {
    key: 'gasBusinessLicence', name: '燃气经营许可证', nameEn: 'Gas business licence', deptKey: 'housing', holderKinds: ['company'], validityYears: 3,
    fields: [f(['entityName', '企业名称', 'Name']), f(['gasType', '气源种类', 'Gas type']), f(['area', '经营区域', 'Service area'])],
  },
  {
    key: 'pollutantDischargePermit', name: '排污许可证', nameEn: 'Pollutant discharge permit', deptKey: 'ecology', holderKinds: ['company'], validityYears: 5,
    fields: [f(['entityName', '单位名称', 'Name']), f(['premises', '生产经营场所地址', 'Premises']), f(['industry', '行业类别', 'Industry']), f(['pollutants', '主要污染物类别', 'Main pollutants'])],
  },
  {
    key: 'roadTransportLicence', name: '道路运输经营许可证', nameEn: 'Road transport business licence', deptKey: 'transport', holderKinds: ['company', 'person'], validityYears: 4,
    fields: [f(['entityName', '业户名称', 'Operator']), f(['address', '地址', 'Address']), f(['scope', '经营范围', 'Scope'])],
  },
  {
    key: ITEM_RESULT_TYPE, name: '办件结果', nameEn: 'Result of a service item', deptKey: 'government-services', holderKinds: ['person', 'company'], validityYears: null,
    fields: [f(['caseNumber', '办件编号', 'Case number']), f(['item', '事项名称', 'Service item']), optional(['decision', '决定内容', 'Decision'])],
  },
];

/** The built-in types, each with its national code: one sequence per defining department, in this order. */
export const builtInTypes: BuiltInType[] = (() => {
  const next = new Map<string, number>();
  return specs.map((s) => {
    const seq = (next.get(s.deptKey) ?? 0) + 1;
    next.set(s.deptKey, seq);
    return { ...s, nationalCode: nationalTypeCode(s.deptKey, seq) };
  });
})();

export const builtInType = (key: string): BuiltInType | undefined => builtInTypes.find((t) => t.key === key);
