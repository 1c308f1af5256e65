"""Render form widgets with NL Design System classes and the ARIA links to help and errors."""

from __future__ import annotations

from django import forms, template
from django.utils.safestring import SafeString

register = template.Library()

_CLASSES = {
    # Not the --html-textarea modifier: it paints every empty required textarea as invalid.
    forms.Textarea: "utrecht-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.SelectMultiple: "utrecht-select utrecht-select--html-select",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.RadioSelect: "",
    forms.CheckboxSelectMultiple: "",
}


@register.simple_tag
def widget(field: forms.BoundField) -> SafeString:
    widget_obj = field.field.widget
    css = next((value for kind, value in _CLASSES.items() if isinstance(widget_obj, kind)), None)
    if css is None:
        css = "utrecht-textbox utrecht-textbox--html-input"
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_help")
    attrs: dict[str, str | bool] = {}
    if css:
        invalid = ""
        if field.errors and "textbox" in css:
            invalid = " utrecht-textbox--invalid"
        elif field.errors and "textarea" in css:
            invalid = " utrecht-textarea--invalid"
        attrs["class"] = css + invalid
    if field.errors:
        described.append(f"{field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)
