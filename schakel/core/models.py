"""Municipalities and their districts: the geography every protected record belongs to."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    """A municipality served by this deployment (a region can run several in one)."""

    code = models.CharField(_("CBS-code"), max_length=6, unique=True, help_text=_("Bijvoorbeeld GM0202."))
    name = models.CharField(_("naam"), max_length=100)

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """A CBS district (wijk); the boundary is GeoJSON, drawn as an SVG choropleth."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="districts")
    code = models.CharField(_("CBS-wijkcode"), max_length=8, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    geometry = models.JSONField(_("grens (GeoJSON)"), null=True, blank=True)

    class Meta:
        verbose_name = _("wijk")
        verbose_name_plural = _("wijken")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class AppendOnlyModel(models.Model):
    """A history row that is written once: saving an existing row raises ``append_only_error``.

    Retention and key rotation rewrite such rows through queryset ``update()``/``bulk_update()``,
    which bypass ``save()``; people never can. ``delete_protected`` also refuses deleting one row.
    """

    append_only_error: type[Exception] = PermissionError
    append_only_message = "This history is append-only."
    delete_protected = False

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise self.append_only_error(self.append_only_message)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.delete_protected:
            raise self.append_only_error(self.append_only_message)
        return super().delete(*args, **kwargs)
