from typing import Any

from django import forms
from django.contrib import admin

from schakel.audit.admin_mixins import AuditedModelAdmin
from schakel.privacy.adapters import ADAPTERS, record_type_choices
from schakel.privacy.models import RetentionRule


class RetentionRuleForm(forms.ModelForm):
    record_type = forms.ChoiceField(label=RetentionRule._meta.get_field("record_type").verbose_name, choices=[])

    class Meta:
        model = RetentionRule
        fields = ["record_type", "condition", "municipality", "period_months", "action", "is_active", "basis"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["record_type"].choices = record_type_choices()  # type: ignore[attr-defined]
        # Grouped per record type; the model's clean() checks the pair fits.
        self.fields["condition"] = forms.ChoiceField(
            label=RetentionRule._meta.get_field("condition").verbose_name,
            choices=[
                (str(adapter.label), [(code, str(label)) for code, label in adapter.conditions.items()])
                for adapter in ADAPTERS.values()
            ],
        )


@admin.register(RetentionRule)
class RetentionRuleAdmin(AuditedModelAdmin):
    form = RetentionRuleForm
    list_display = ["record_type", "condition_label", "municipality", "period_months", "action", "is_active"]
    list_filter = ["record_type", "action", "is_active"]

    @admin.display(description=RetentionRule._meta.get_field("condition").verbose_name)
    def condition_label(self, obj: RetentionRule) -> str:
        return obj.get_condition_display()
