// One submission as an applicant sends it: a ~1 KB form of 食品生产许可（新办） and its six materials.
import { ITEM, MATERIAL_KEYS, type Applicant } from './fixtures.js';

const productDetails =
  '果蔬汁类及其饮料：番茄汁、沙棘汁、杏汁、葡萄汁（浓缩还原）；蛋白饮料：核桃乳、杏仁露；固体饮料：沙棘固体饮料。' +
  '生产线两条：前处理（清洗、破碎、榨汁）、调配、均质、超高温瞬时灭菌、无菌灌装；设计年产能一万二千吨。' +
  '原料来自呼图壁县、玛纳斯县自有种植基地和合作社，检验室配备微生物、理化检测设备。' +
  '食品安全管理人员三名、专业技术人员五名，均经培训考核合格；已建立进货查验、生产过程控制、出厂检验、不合格品召回和食品安全自查制度。';

/** The form data: every field of the item's schema, realistic values, about 1 KB as JSON. */
export function formData(applicant: Pick<Applicant, 'creditCode'>, n: number): Record<string, unknown> {
  return {
    enterpriseName: `昌吉市压测食品有限公司${n}`,
    creditCode: applicant.creditCode,
    productionAddress: '新疆维吾尔自治区昌吉回族自治州昌吉市高新技术产业开发区北京南路工业园区纬三路6号2号厂房',
    foodCategory: 'beverage',
    productDetails,
    floorArea: 3200,
  };
}

export function submissionBody(applicant: Applicant, n: number): string {
  return JSON.stringify({
    itemCode: ITEM.code,
    org: ITEM.org,
    formData: formData(applicant, n),
    materials: MATERIAL_KEYS.map((key) => ({ key, fileIds: [applicant.files[key]!] })),
  });
}
