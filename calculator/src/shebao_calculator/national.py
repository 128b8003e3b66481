"""National rules that are the same everywhere, with the sources they come from.

Kept in one place so that retirement.py and pension.py state each fact once
and every result can cite where it comes from (policy-facts.md §1.2–1.4 and
policy-facts-addendum.md §2). Confidence labels follow those files.
"""

from __future__ import annotations

from typing import Any

REFORM_START_YEAR = 2025  # Measures in force 2025-01-01
REFORM_START_MONTH = 1

# group -> (original age in years, step in months, maximum delay in months)
# Measures Art. 1: men 60 -> 63 and women-55 -> 58 at +1 month per 4 months
# (cap 36); women-50 -> 55 at +1 month per 2 months (cap 60).
GROUPS: dict[str, tuple[int, int, int]] = {
    "male": (60, 4, 36),
    "female-55": (55, 4, 36),
    "female-50": (50, 2, 60),
}

EARLY_RETIREMENT_MAX_MONTHS = 36  # Measures Art. 3: up to 3 years early
EARLY_NOTICE_MONTHS = 3  # 人社部发〔2024〕94号, per secondary summaries

# Payout months (计发月数), annex to 国发〔2005〕38号, ages 40–70
# (policy-facts.md §1.3, confidence: secondary).
# Age 47: 207 here; one repository has 208 (policy-facts.md §3 item 7). It
# only matters for retirement before 48, which the reform does not produce
# for the groups this engine models.
PAYOUT_MONTHS: dict[int, int] = {
    40: 233, 41: 230, 42: 226, 43: 223, 44: 220, 45: 216, 46: 212, 47: 207,
    48: 204, 49: 199, 50: 195, 51: 190, 52: 185, 53: 180, 54: 175, 55: 170,
    56: 164, 57: 158, 58: 152, 59: 145, 60: 139, 61: 132, 62: 125, 63: 117,
    64: 109, 65: 101, 66: 93, 67: 84, 68: 75, 69: 65, 70: 56,
}

PERSONAL_ACCOUNT_RATE_DEFAULT = "0.08"  # 国发〔2005〕38号: 8% of the 20% to the personal account


def _src(sid: str, zh: str, en: str, url: str | None, number: str | None, confidence: str) -> dict[str, Any]:
    return {
        "id": sid,
        "title": {"zh": zh, "en": en},
        "url": url,
        "document_number": number,
        "checked_on": None,
        "confidence": confidence,
    }


SOURCE_NPC_DECISION = _src(
    "npc-retirement-2024",
    "全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定（附国务院办法）",
    "NPC Standing Committee Decision on Implementing the Gradual Delay of the Statutory Retirement Age (with the State Council Measures)",
    "https://www.gov.cn/yaowen/liebiao/202409/content_6974294.htm",
    None,
    "official text, seen through secondary copies",
)
SOURCE_FLEXIBLE_RETIREMENT = _src(
    "mohrss-flexible-retirement-2024",
    "弹性退休制度暂行办法",
    "Interim Measures for the Flexible Retirement System",
    "https://www.mohrss.gov.cn/wap/zc/zcwj/202501/t20250101_533701.html",
    "人社部发〔2024〕94号",
    "secondary",
)
SOURCE_PENSION_FORMULA = _src(
    "state-council-2005-38",
    "国务院关于完善企业职工基本养老保险制度的决定",
    "State Council Decision on Improving the Basic Pension Insurance System for Enterprise Employees",
    "https://www.gov.cn/zhengce/zhengceku/2008-03/28/content_7376.htm",
    "国发〔2005〕38号",
    "secondary",
)
SOURCE_SI_LAW = _src(
    "si-law",
    "中华人民共和国社会保险法（2018 年修正）",
    "Social Insurance Law of the PRC (amended 2018)",
    "https://www.mohrss.gov.cn/xxgk2020/fdzdgknr/zcfg/fl/202011/t20201102_394629.html",
    None,
    "official",
)
