"""mkdocs-macros module: the macros pages call to show content.

Pages stay thin (`{{ steps() }}`); every macro renders a component template with the validated
content in the page's language.
"""

from __future__ import annotations

from typing import Any


def define_env(env: Any) -> None:
    from .pages import register
    from .site_content import content_root

    register(env, content_root())
    from .embed import register as register_embed

    register_embed(env)
