import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';

/** Every problem the API can return (RFC 9457). Add the code here before throwing it. */
export const problems = {
  not_found: { status: 404, zh: '未找到该记录', en: 'Not found' },
  route_not_found: { status: 404, zh: '接口不存在', en: 'No such endpoint' },
  unauthenticated: { status: 401, zh: '请先登录', en: 'Please sign in first' },
  forbidden: { status: 403, zh: '无权执行此操作', en: 'You may not do this' },
  csrf_rejected: { status: 403, zh: '请求来源不被信任', en: 'The request came from an untrusted origin' },
  validation_failed: { status: 400, zh: '请求内容有误', en: 'The request is invalid' },
  malformed_body: { status: 400, zh: '请求体无法解析', en: 'The request body could not be parsed' },
  unsupported_media_type: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  payload_too_large: { status: 413, zh: '请求内容过大', en: 'The request is too large' },
  uri_too_long: { status: 414, zh: '请求地址过长', en: 'The request URL is too long' },
  method_not_allowed: { status: 405, zh: '不支持该请求方法', en: 'Method not allowed' },
  version_conflict: { status: 409, zh: '记录已被他人修改，请刷新后重试', en: 'Someone else changed this; reload and retry' },
  duplicate: { status: 409, zh: '记录已存在', en: 'This already exists' },
  rate_limited: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  'auth.invalid_credentials': { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  'auth.locked': { status: 423, zh: '登录失败次数过多，账号已暂时锁定', en: 'Too many failed sign-ins; the account is locked for a while' },
  'auth.weak_password': { status: 400, zh: '密码不符合要求：至少10位，且包含字母和数字或符号', en: 'The password must have at least 10 characters, mixing letters with digits or symbols' },
  'account.invalid_resident_id': { status: 400, zh: '身份证号码无效（校验位不符）', en: 'The resident ID number is not valid (check character mismatch)' },
  'account.invalid_credit_code': { status: 400, zh: '统一社会信用代码无效（校验位不符）', en: 'The unified social credit code is not valid (check character mismatch)' },
  'account.invalid_phone': { status: 400, zh: '手机号码无效', en: 'The mobile number is not valid' },
  'account.taken': { status: 409, zh: '该用户名或证件号已注册', en: 'That username or ID number is already registered' },
  'account.role_not_allowed': { status: 403, zh: '不能授予超出本人权限的角色', en: 'You cannot grant a role you do not hold' },
  'calendar.not_next_year': { status: 409, zh: '只能发布已发布年份的下一年', en: 'Only the year after the last published one can be published' },
  'calendar.past_day': { status: 409, zh: '不能修改已经过去的日期', en: 'Days in the past cannot be changed' },
  'org.invalid_parent': { status: 400, zh: '上级机构不符合层级要求', en: 'The parent organisation does not fit the level hierarchy' },
  'org.has_children': { status: 409, zh: '该机构下仍有下级机构或人员', en: 'This organisation still has sub-organisations or staff' },
  'catalog.invalid_transition': { status: 409, zh: '事项版本当前状态不允许此操作', en: 'The item version\'s state does not allow this' },
  'catalog.same_reviewer': { status: 403, zh: '提交审核的人不能审核通过自己的版本', en: 'Whoever submitted a version cannot approve it' },
  'catalog.draft_exists': { status: 409, zh: '该事项已有未发布的草稿或待审版本', en: 'This item already has an open draft or a version under review' },
  'catalog.not_draft': { status: 409, zh: '只能修改草稿；已发布的版本不可更改', en: 'Only drafts can change; published versions never do' },
  'catalog.promise_exceeds_law': { status: 400, zh: '承诺时限不能超过法定时限', en: 'The promised limit cannot exceed the statutory limit' },
  'catalog.batch_open': { status: 409, zh: '上一批清单尚未发布', en: 'The previous batch is not published yet' },
  'catalog.batch_published': { status: 409, zh: '该批清单已经发布，不能再修改', en: 'This batch is published and can no longer change' },
  'catalog.retired_proof_item': { status: 409, zh: '申请材料属于已取消的证明事项，不得再要求申请人提交', en: 'A material is a retired proof item and may not be asked for any more' },
  'catalog.proof_item_retired': { status: 409, zh: '该证明事项已经取消', en: 'This proof item is already retired' },
  'file.unsupported_type': { status: 415, zh: '仅支持 PDF、JPEG 和 PNG 文件', en: 'Only PDF, JPEG and PNG files are accepted' },
  'file.type_mismatch': { status: 400, zh: '文件内容与声明的类型不符', en: 'The file\'s content does not match its declared type' },
  'file.empty': { status: 400, zh: '文件为空', en: 'The file is empty' },
  'file.missing': { status: 400, zh: '请在 file 字段中上传一个文件', en: 'Send one file in the `file` field' },
  'case.invalid_transition': { status: 409, zh: '办件当前状态不允许此操作', en: 'Not allowed in the case\'s current state' },
  'case.idempotency_mismatch': { status: 409, zh: '该幂等键已用于另一份申请', en: 'This idempotency key was used for a different application' },
  'case.no_decision_org': { status: 409, zh: '找不到负责决定的部门', en: 'No department can decide this item here' },
  'case.not_at_window': { status: 403, zh: '您不在该窗口值班', en: 'You are not on duty at this window' },
  'case.window_category': { status: 409, zh: '该窗口不受理此类事项', en: 'This window does not accept this kind of item' },
  'case.pending_not_allowed': { status: 409, zh: '该事项不适用容缺受理', en: 'This item does not allow acceptance with pending materials' },
  'case.pending_not_secondary': { status: 409, zh: '只有次要材料可以容缺后补', en: 'Only secondary materials can be owed' },
  'case.commitment_barred': { status: 409, zh: '申请人有未履行的容缺承诺，暂不能容缺受理', en: 'The applicant broke an earlier commitment and cannot use acceptance with pending materials until it is cleared' },
  'case.materials_missing': { status: 409, zh: '必需材料不全，应一次性告知补正', en: 'Required materials are missing: send a one-time notice instead' },
  'case.tasks_open': { status: 409, zh: '并联审批尚未全部答复', en: 'Parallel tasks are still open' },
  'case.already_rated': { status: 409, zh: '本次办理已评价', en: 'This handling is already rated' },
  'case.not_rateable': { status: 409, zh: '办结后才能评价', en: 'A case can be rated once it is handled' },
  'case.replacement_unavailable': { status: 409, zh: '政府部门未持有该材料可用的电子证照或共享数据，请上传该材料', en: 'The government holds no usable e-certificate or shared data for this material; upload it instead' },
  'queue.no_such_queue': { status: 409, zh: '本大厅没有受理该类业务的窗口', en: 'No window at this site serves this queue' },
  'queue.already_waiting': { status: 409, zh: '该手机号已在此队列中等候，请勿重复取号', en: 'This phone number already holds a waiting ticket in this queue' },
  'queue.not_at_window': { status: 403, zh: '您不在该窗口值班', en: 'You are not on duty at this window' },
  'queue.window_busy': { status: 409, zh: '该窗口还有已叫号或办理中的号，请先办结或标记过号', en: 'This window still has a called or serving ticket; finish it or mark it as a no-show first' },
  'queue.invalid_transition': { status: 409, zh: '排队号当前状态不允许此操作', en: 'Not allowed in the ticket\'s current state' },
  'queue.slot_unavailable': { status: 409, zh: '该时段不可预约（非工作日、已过或超出可预约日期）', en: 'This slot cannot be booked (not a working day, already past, or too far ahead)' },
  'queue.slot_full': { status: 409, zh: '该时段已约满，请选择其他时段', en: 'This slot is fully booked; choose another' },
  'queue.booking_limit': { status: 409, zh: '预约数已达上限：同一大厅同一天同类业务只能预约一次，且最多同时保留3个预约', en: 'Booking limit reached: one appointment per site, day and queue, and at most 3 open appointments' },
  'queue.code_unknown': { status: 404, zh: '预约码无效，请核对后重试', en: 'Unknown booking code; check it and try again' },
  'queue.code_not_today': { status: 409, zh: '该预约不是今天的，请在预约当天签到', en: 'This appointment is not for today; check in on the day' },
  'queue.appointment_expired': { status: 409, zh: '预约时段已过，请取普通号', en: 'The appointment\'s slot has passed; take a regular ticket' },
  'queue.appointment_closed': { status: 409, zh: '该预约已签到、已取消或时段已开始', en: 'This appointment is already checked in, cancelled or under way' },
  'supervision.not_assigned': { status: 403, zh: '您未被分配到该窗口', en: 'You are not assigned to this window' },
  'supervision.not_signed_in': { status: 409, zh: '您尚未在窗口签到', en: 'You are not signed in at a window' },
  'supervision.already_answered': { status: 409, zh: '该问题反映已经答复', en: 'This problem report has already been answered' },
  'supervision.month_not_started': { status: 409, zh: '该月份尚未开始，无法生成月报', en: 'That month has not begun: there is no report for it yet' },
  'sharing.not_shared': { status: 409, zh: '该数据资源不予共享', en: 'This data resource is not shared' },
  'sharing.no_approval_needed': { status: 409, zh: '该数据资源无条件共享，无需申请，凭接口凭证即可查询', en: 'This data resource is shared without conditions: query it with credentials, no application needed' },
  'sharing.own_resource': { status: 409, zh: '不能申请使用本部门自己的数据资源', en: 'A department cannot apply for its own data resource' },
  'sharing.application_open': { status: 409, zh: '本部门对该数据资源已有待审批的申请', en: 'Your department already has a pending application for this data resource' },
  'sharing.invalid_transition': { status: 409, zh: '当前状态不允许此操作', en: 'Not allowed in the current state' },
  'sharing.invalid_subject': { status: 400, zh: '身份证号码或统一社会信用代码无效，或该数据资源不含此类主体', en: 'Not a valid resident ID or credit code, or the resource holds no records of that kind of subject' },
  'sharing.invalid_credential': { status: 401, zh: '接口凭证无效或已吊销', en: 'The API credentials are invalid or revoked' },
  'sharing.access_denied': { status: 403, zh: '无权查询该数据资源（未获批准、已过期或不予共享），本次查询已记录', en: 'You may not query this data resource (no approval, expired, or not shared); this query was logged' },
  'sharing.no_record': { status: 404, zh: '该主体在此数据资源中没有记录，本次查询已记录', en: 'The subject has no record in this data resource; this query was logged' },
  'certificate.invalid_transition': { status: 409, zh: '证照当前状态不允许此操作', en: 'Not allowed in the certificate\'s current status' },
  'certificate.reason_required': { status: 400, zh: '暂停或撤销证照须说明原因，持证人会收到通知', en: 'Give a reason to suspend or revoke a certificate: the holder is told' },
  'certificate.import_rejected': { status: 400, zh: '导入的证照数据有误，全部未导入，请按逐行报告修改后重试', en: 'Some certificates in the batch are invalid; nothing was imported (see each row\'s errors)' },
  'certificate.invalid_type_code': { status: 400, zh: '证照类型代码无效：应为定义部门的统一社会信用代码（18位）加3位顺序号', en: 'Not a valid type code: the defining department\'s credit code (18) and a 3-digit sequence' },
  'certificate.type_required': { status: 409, zh: '该证照类型不能停用', en: 'This certificate type cannot be deactivated' },
  'certificate.not_shareable': { status: 409, zh: '只有有效的证照才能分享', en: 'Only a valid certificate can be shared' },
  'certificate.share_unavailable': { status: 404, zh: '分享链接不存在、已过期或已被持证人撤销', en: 'This share link does not exist, has expired or was revoked by the holder' },
  'seal.already_revoked': { status: 409, zh: '该印章密钥已经吊销', en: 'This seal key is already revoked' },
  'clock.not_training': { status: 409, zh: '只有培训模式下才能调整系统时间', en: 'The clock can only be moved in training mode' },
  'hotline.invalid_transition': { status: 409, zh: '工单当前状态不允许此操作', en: 'Not allowed in the ticket\'s current state' },
  'hotline.callback_needs_contact': { status: 400, zh: '需要回访的来电人必须留下姓名和电话，不能匿名', en: 'A caller who wants to be called back must leave a name and phone number and cannot stay anonymous' },
  'hotline.no_centre': { status: 409, zh: '尚未设置12345热线中心', en: 'No 12345 hotline centre is set up' },
  'hotline.unknown_category': { status: 400, zh: '工单分类不存在或已停用', en: 'No such ticket category, or it is no longer in use' },
  'hotline.region_outside': { status: 400, zh: '区划代码不在本热线中心服务范围内', en: 'The region code is outside the area this hotline centre serves' },
  'hotline.bad_handling_org': { status: 400, zh: '承办单位不存在，或主办单位同时被列为协办单位', en: 'A handling organisation does not exist, or the lead is also listed as a co-handler' },
  'hotline.return_used': { status: 409, zh: '本单位已退回过该工单一次，不能再次退回', en: 'Your organisation has already returned this ticket once' },
  'hotline.extension_used': { status: 409, zh: '每张工单只能申请一次延期', en: 'A ticket can be extended only once' },
  'hotline.reopen_used': { status: 409, zh: '每张工单只能重办一次', en: 'A ticket can be reopened only once' },
  'hotline.bad_merge': { status: 409, zh: '只能合并到另一张未办结、未被合并的工单', en: 'A ticket can only be merged into another ticket that is neither closed nor merged itself' },
  'hotline.unknown_source': { status: 400, zh: '引用的知识库文章或办事指南不存在', en: 'A cited knowledge article or service notice does not exist' },
  internal: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ProblemCode = keyof typeof problems;

export interface FieldError {
  /** JSON Pointer-like path of the field, e.g. `/body/residentId`. */
  field: string;
  message: string;
}

/** The error every service and rule throws; the one error handler turns it into problem+json. */
export class Problem extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly detail?: string,
    readonly errors?: FieldError[],
  ) {
    super(detail ?? code);
    this.name = 'Problem';
  }
}

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'Stable machine-readable code, e.g. `case.invalid_transition`' }),
    message: Type.Object({ 'zh-CN': Type.String(), 'en-US': Type.String() }),
    detail: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
    instance: Type.String(),
    requestId: Type.String(),
  },
  { description: 'RFC 9457 problem details' },
);
export type ProblemBody = Static<typeof ProblemSchema>;

const statusCodes: Record<number, ProblemCode> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'duplicate',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** Maps anything thrown to a Problem; unknown errors become `internal`, their detail hidden. */
export function toProblem(err: unknown): Problem {
  if (err instanceof Problem) return err;
  const e = err as FastifyError & { validation?: { instancePath: string; message?: string; params?: Record<string, unknown> }[] };
  if (e.validation) {
    const where = e.validationContext ?? 'body';
    return new Problem(
      'validation_failed',
      e.message,
      e.validation.map((v) => ({
        field: `/${where}${v.instancePath}${v.params?.missingProperty ? `/${String(v.params.missingProperty)}` : ''}${v.params?.additionalProperty ? `/${String(v.params.additionalProperty)}` : ''}`,
        message: v.message ?? 'invalid',
      })),
    );
  }
  // @fastify/multipart answers a non-multipart request with 406; it is the request's content type we refuse.
  if (e.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return new Problem('unsupported_media_type', 'expected multipart/form-data');
  if (e.code === 'FST_INVALID_JSON_FIELD_ERROR') return new Problem('malformed_body', e.message);
  if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || e instanceof SyntaxError) {
    return new Problem('malformed_body', e.message);
  }
  // A unique-index violation that a service did not foresee is still the client's conflict, not our crash;
  // a value the database cannot hold (class 22: out of range, bad text) or too big for it (class 54) is bad input.
  const state = sqlState(err);
  if (state === '23505') return new Problem('duplicate');
  if (state?.startsWith('22') || state?.startsWith('54')) return new Problem('validation_failed', 'a value does not fit the database');
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) return new Problem(statusCodes[status] ?? 'validation_failed', e.message);
  return new Problem('internal');
}

/** The SQLSTATE of a database error, also when the ORM wrapped it (Drizzle's query errors keep it in `cause`). */
export function sqlState(err: unknown): string | undefined {
  let e = err as { code?: unknown; cause?: unknown } | undefined;
  for (let i = 0; e && i < 5; i++, e = e.cause as typeof e) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}

/**
 * What of an unexpected error goes into the log: its kind, message and stack — never the query's
 * parameters or the database's `detail` ("Key (resident_id)=(…) already exists"), which carry personal data.
 */
export function loggableError(err: unknown): Record<string, unknown> {
  const e = err as { name?: string; message?: string; stack?: string; code?: unknown; query?: string; params?: unknown; cause?: unknown };
  if (!e || typeof e !== 'object') return { message: String(err) };
  const wrapped = typeof e.query === 'string' && 'params' in e;
  const firstLine = (s: string | undefined) => s?.split('\n')[0];
  return {
    type: e.name,
    message: wrapped ? firstLine(e.message) : e.message,
    code: sqlState(err) ?? e.code,
    stack: wrapped ? e.stack?.split('\n').filter((l) => !l.startsWith('params:')).join('\n') : e.stack,
    ...(e.cause ? { cause: loggableError(e.cause) } : {}),
  };
}

/** Installs the one error handler: everything thrown leaves as problem+json. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const problem = toProblem(err);
    if (problem.code === 'internal') request.log.error({ err: loggableError(err) }, 'unhandled error');
    return sendProblem(reply, request, problem);
  });
}

/**
 * For Fastify's `frameworkErrors`: what the router refuses before any hook runs (a malformed
 * percent-encoding, a path parameter over the length limit) leaves as problem+json too — with the
 * headers the security hooks would have set, as it echoes the path.
 */
export const sendFrameworkError = (err: FastifyError, request: FastifyRequest, reply: FastifyReply) =>
  sendProblem(reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'").header('x-content-type-options', 'nosniff'), request, toProblem(err));

/** The answer for a route that does not exist. */
export const sendRouteNotFound = (request: FastifyRequest, reply: FastifyReply) =>
  sendProblem(reply, request, new Problem('route_not_found', `${request.method} ${request.url.split('?')[0]}`));

export function sendProblem(reply: FastifyReply, request: FastifyRequest, problem: Problem) {
  const def = problems[problem.code];
  const body: ProblemBody = {
    type: `/problems/${problem.code}`,
    title: def.en,
    status: def.status,
    code: problem.code,
    message: { 'zh-CN': def.zh, 'en-US': def.en },
    instance: request.url.split('?')[0] ?? request.url,
    requestId: String(request.id),
  };
  if (problem.detail && problem.code !== 'internal') body.detail = problem.detail;
  if (problem.errors?.length) body.errors = problem.errors;
  return reply.status(def.status).type('application/problem+json').send(body);
}
