"""Words an agency's 依申请公开台账 uses, mapped to the format's 表三 columns and rows.

Official labels come from the format itself (``REQUEST_COLUMNS``, the 表三 row labels and their
match keys); these are the common variants registers use besides them.
"""

from __future__ import annotations

#: applicant type variants → 表三 column id (official labels are matched too)
APPLICANT_VARIANTS: dict[str, str] = {
    "个人": "natural_person",
    "公民": "natural_person",
    "自然人申请": "natural_person",
    "群众": "natural_person",
    "企业": "commercial",
    "公司": "commercial",
    "商业": "commercial",
    "个体工商户": "commercial",
    "科研": "research",
    "高校": "research",
    "研究机构": "research",
    "公益组织": "public_interest",
    "社会组织": "public_interest",
    "律师事务所": "legal_service",
    "律所": "legal_service",
    "律师": "legal_service",
    "法律服务": "legal_service",
    "其他组织": "other_org",
    "其他法人": "other_org",
    "法人或其他组织其他": "other_org",
}

#: outcome variants → 表三 row id (2021 format); matched after the rows' own labels and keys
OUTCOME_VARIANTS: dict[str, str] = {
    "公开": "granted",
    "同意公开": "granted",
    "已公开": "granted",
    "已主动公开": "granted",
    "部分予以公开": "partially_granted",
    "区分处理": "partially_granted",
    "商业秘密": "denied.third_party",
    "个人隐私": "denied.third_party",
    "人事管理": "denied.internal_affairs",
    "后勤管理": "denied.internal_affairs",
    "内部工作流程": "denied.internal_affairs",
    "不属于本机关": "unable.not_held",
    "信息不存在": "unable.not_held",
    "经检索没有": "unable.not_held",
    "需要加工分析": "unable.needs_creation",
    "加工分析": "unable.needs_creation",
    "信访": "not_processed.petition",
    "逾期不补正": "other.no_correction",
    "视为放弃": "other.no_correction",
    "未缴费": "other.unpaid_fee",
    "逾期未缴费": "other.unpaid_fee",
    "未缴纳": "other.unpaid_fee",
    "撤回": "other.other",
    "申请人撤回": "other.other",
    "撤回申请": "other.other",
    "其他处理": "other.other",
}

#: outcomes that mean the application is still being handled (valid only without a reply date)
PENDING = ("办理中", "正在办理", "未办结", "处理中", "待答复", "未答复", "延期答复")

#: register column headings → field; the first heading found in the header row wins
LEDGER_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("申请编号", "受理编号", "登记编号", "编号", "登记号"),
    "received": ("收到日期", "收到申请日期", "申请日期", "受理日期", "登记日期", "接收日期"),
    "applicant": ("申请人类型", "申请人类别", "申请人性质", "申请主体类型", "申请人身份"),
    "channel": ("申请渠道", "申请方式", "提交方式", "渠道"),
    "outcome": ("办理结果", "答复结果", "处理结果", "答复类型", "办理结果类型"),
    "replied": ("答复日期", "办结日期", "答复时间", "办结时间", "告知日期"),
}
