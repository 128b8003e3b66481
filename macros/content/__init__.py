"""Content models and loader: no MkDocs imports here, so the core can outlive the site generator."""

from .loader import CITY_DIR, SINGLE_FILES, Content, ContentError, load_content
from .yaml_source import Problem

__all__ = ["CITY_DIR", "SINGLE_FILES", "Content", "ContentError", "Problem", "load_content"]
