"""The guided start's generated stylesheet (components/start/answers.css): what the form's answers show
without JavaScript (macros/views/start.py answer_styles)."""

from __future__ import annotations

from pathlib import Path

from macros.content import Content
from macros.views.start import ANSWERS_STYLESHEET, answer_styles


def write_answer_styles(site: Path, content: Content) -> Path:
    path = site / ANSWERS_STYLESHEET
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(answer_styles(content), encoding="utf-8")
    return path
