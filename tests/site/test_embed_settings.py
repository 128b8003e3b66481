"""extra.guide in mkdocs.yml: the contact shown on the embed code page is checked at build time and
shown only when set."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from macros.writers.headers import GuideSettings


def test_contact_is_optional() -> None:
    assert GuideSettings.model_validate({}).contact is None


@pytest.mark.parametrize("contact", [{}, {"email": "not-an-address"}, {"url": "http://example.org/"},
                                     {"url": "https://x\"><script>alert(1)</script>"}, {"phone": "123"},
                                     {"email": "a@b.org\" onclick=\"x"}])
def test_bad_contacts_stop_the_build(contact: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        GuideSettings.model_validate({"contact": contact})


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_contact_is_rendered_only_when_set(lang: str) -> None:
    from macros.views.render import Renderer
    from macros.plugin.content_cache import content_root, site_content

    view = Renderer(site_content(content_root()), lang)
    contact = GuideSettings.model_validate(
        {"contact": {"email": "embed@example.org", "url": "https://example.org/contact/"}}).contact
    html = view.render("embed/contact.html", contact=contact)
    assert 'href="mailto:embed@example.org"' in html and 'href="https://example.org/contact/"' in html
    assert "data-guide-contact" in html
    assert "data-guide-contact" not in view.render("embed/contact.html", contact=None)
