from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    """Beneficiary files, disbursements and their approval, and the access log of sensitive data."""

    name = "assistance"
    verbose_name = _("困难帮扶")
