"""Sphinx configuration: Markdown pages (MyST) and an API reference from numpydoc docstrings.

Build with warnings as errors, as CI does::

    python -m sphinx -W -b html docs docs/_build/html
"""

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
# numpydoc loads autosummary, which would warn that it cannot generate pages without .rst
# sources; the API page lists its functions itself.
autosummary_generate = False
autodoc_default_options = {"members": True}
html_theme = "alabaster"
suppress_warnings = ["myst.header"]
