"""The offer check's answers file (`offer-check/answers.json`): every kind of work × city, as
macros/content/offer_answer.py computes them, for the page's script to send with its
`guide:offer-check-result` event. Codes only, no words, so one file serves every language.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from shebao_calculator import Dataset

from macros.content import Content
from macros.views.offer_check import answers



def answers_json(content: Content, figures: Dataset, build_date: dt.date) -> str:
    return json.dumps({"date": build_date.isoformat(), "answers": answers(content, figures, build_date)},
                      ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def write_offer_check_answers(site_dir: Path, content: Content, figures: Dataset, build_date: dt.date) -> Path:
    """Write the answers file where the site map puts it (`offer-check-answers`)."""
    from macros.plugin.sitemap import SITE_FILES

    target = site_dir / SITE_FILES["offer-check-answers"]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(answers_json(content, figures, build_date), encoding="utf-8")
    return target
