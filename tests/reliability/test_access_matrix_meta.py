"""The generated access matrix notices a URL nobody classified."""

from __future__ import annotations

import pytest
from django.test import override_settings

from tests.test_access_matrix import named_urls
from tests.test_access_matrix import test_every_url_is_classified as check_all_urls_classified


def test_a_new_url_without_classification_fails_the_matrix() -> None:
    with override_settings(ROOT_URLCONF="tests.reliability.urls_with_unclassified"):
        assert "unclassified_new_page" in {name for name, _pattern in named_urls()}
        with pytest.raises(AssertionError, match=r"Classify these URLs in MATRIX .*unclassified_new_page"):
            check_all_urls_classified()
    check_all_urls_classified()  # the real URL list is fully classified
