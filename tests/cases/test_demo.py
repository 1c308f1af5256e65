from __future__ import annotations

import pytest

from schakel.cases.demo import seed as seed_demo_cases
from schakel.cases.models import AgendaItem, Case, Meeting
from schakel.core.demo import seed_demo_accounts, seed_demo_data
from schakel.core.demo_signals import seed_demo_signals


@pytest.mark.django_db
def test_demo_has_cases_and_past_meetings_with_minutes(reference_data: None) -> None:
    seed_demo_accounts()
    seed_demo_data()
    seed_demo_signals()  # as the seed_demo command does: cases are built from the demo signals
    counts = seed_demo_cases()
    assert counts["cases"] == 3 and counts["case_meetings"] == 2
    assert all(c.is_synthetic and "(synthetisch)" in c.title for c in Case.objects.all())
    assert all(c.case_signals.exists() and c.actions.exists() for c in Case.objects.all())
    meetings = list(Meeting.objects.all())
    assert len(meetings) == 2 and all(m.is_synthetic for m in meetings)
    from django.utils import timezone

    assert all(m.starts_at < timezone.now() for m in meetings)
    assert AgendaItem.objects.exclude(decisions="").count() == 3
    assert all("synthetisch" in i.decisions for i in AgendaItem.objects.all())
    again = seed_demo_cases()
    assert again["cases"] == 0 and Case.objects.count() == 3
