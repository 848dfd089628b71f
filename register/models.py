from django.db import models
from django.utils.translation import gettext_lazy as _


class County(models.Model):
    number = models.CharField(_("county number"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    # All official language forms, "Troms - Romsa - Tromssa".
    official_name = models.CharField(_("official name"), max_length=200)

    class Meta:
        ordering = ["number"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self):
        return self.official_name


class Municipality(models.Model):
    number = models.CharField(_("municipality number"), max_length=4, unique=True)
    # SSB's name, with every official language form: "Aarborte - Hattfjelldal".
    name = models.CharField(_("name"), max_length=200)
    # The language forms one by one, separated by "|", each a name people may write.
    name_parts = models.CharField(_("name forms"), max_length=300)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("county")
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name

    @property
    def parts(self) -> list[str]:
        return [part for part in self.name_parts.split("|") if part]
