"""Sphinx configuration: Markdown pages (MyST) and an API reference from numpydoc docstrings."""

import policycompare

project = "policycompare"
author = "policycompare contributors"
release = policycompare.__version__
extensions = ["myst_parser", "sphinx.ext.autodoc", "numpydoc"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
myst_heading_anchors = 3
numpydoc_show_class_members = False
numpydoc_validation_checks = set()
autodoc_default_options = {"members": True}
html_theme = "alabaster"
suppress_warnings = ["myst.header"]
