"""mkdocs-macros module: the macros pages call to show content.

Pages stay thin (`{{ steps() }}`); every macro renders a component template with the validated
content in the page's language.
"""

from __future__ import annotations

from typing import Any


def define_env(env: Any) -> None:
    from .embed import register as register_embed
    from .pages import register
    from .site_content import content_root

    builtin = set(env.macros)
    register(env, content_root())
    register_embed(env)
    # Our macros return finished HTML: keep it away from Markdown (macros/html_stash.py).
    for name in set(env.macros) - builtin:
        env.macros[name] = _protected(env.macros[name])


def _protected(macro: Any) -> Any:
    from .html_stash import protect

    def call(*args: Any, **kwargs: Any) -> str:
        return protect(str(macro(*args, **kwargs)))

    call.__name__, call.__doc__ = macro.__name__, macro.__doc__
    return call
