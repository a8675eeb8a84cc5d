"""A rule's second function ("part") must be document-scope: paragraph results are cached per rule id."""

import pytest

from core.analysis.rules import rule


def test_a_paragraph_scope_part_is_refused():
    with pytest.raises(ValueError, match="document-scope"):
        rule("hygiene.punctuation", scope="paragraph", part="extra")
