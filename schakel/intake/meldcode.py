"""The meldcode aid: the weighing framework (afwegingskader) as a pure function.

Questions in the framework's order (DOMAIN.md): is there a suspicion; is there acute or
structural danger (then always report); can I help effectively myself; is the help accepted;
does it work in time (if not, report). Exploitation of a minor is child abuse: the Veilig
Thuis route always applies.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

QUESTIONS = [
    ("suspicion", gettext_lazy("1. Is er een vermoeden van uitbuiting of mensenhandel?")),
    ("danger", gettext_lazy("2. Is er sprake van acute of structurele onveiligheid?")),
    ("can_help", gettext_lazy("3. Kan ik (of mijn organisatie) zelf effectieve hulp bieden of organiseren?")),
    ("help_accepted", gettext_lazy("4. Wordt die hulp geaccepteerd?")),
    ("help_in_time", gettext_lazy("5. Leidt de hulp binnen de gewenste tijd tot veiligheid?")),
]

STEPS = [
    gettext_lazy("Breng de signalen in kaart."),
    gettext_lazy("Overleg met een collega en zo nodig met Veilig Thuis."),
    gettext_lazy("Ga in gesprek met de betrokkene."),
    gettext_lazy("Weeg het risico, de aard en de ernst."),
    gettext_lazy("Beslis: is melden bij Veilig Thuis nodig, en kan hulp worden geboden of georganiseerd?"),
]


@dataclass(frozen=True)
class MeldcodeDecision:
    report_to_veilig_thuis: bool
    reason: str
    offer_help: bool


def decide(answers: dict[str, bool | None], *, minor_involved: bool) -> MeldcodeDecision:
    """Apply the weighing framework. Unanswered questions count as 'no' for help, 'yes' for danger."""
    if minor_involved:
        return MeldcodeDecision(
            True,
            _(
                "Er is een minderjarige betrokken: uitbuiting van een kind is kindermishandeling, melden bij Veilig Thuis is altijd nodig."
            ),
            True,
        )
    if answers.get("suspicion") is False:
        return MeldcodeDecision(False, _("Er is geen vermoeden: melden is niet nodig. Blijf alert."), False)
    if answers.get("danger") is not False:
        return MeldcodeDecision(
            True, _("Er is (mogelijk) acute of structurele onveiligheid: altijd melden bij Veilig Thuis."), True
        )
    if not answers.get("can_help"):
        return MeldcodeDecision(True, _("Je kunt zelf geen effectieve hulp bieden: melden bij Veilig Thuis."), False)
    if not answers.get("help_accepted"):
        return MeldcodeDecision(True, _("De hulp wordt niet geaccepteerd: melden bij Veilig Thuis."), True)
    if not answers.get("help_in_time"):
        return MeldcodeDecision(True, _("De hulp leidt niet op tijd tot veiligheid: melden bij Veilig Thuis."), True)
    return MeldcodeDecision(
        False,
        _(
            "Je kunt zelf effectief hulp bieden, die wordt aanvaard en werkt op tijd: melden is niet nodig. Blijf volgen."
        ),
        True,
    )
