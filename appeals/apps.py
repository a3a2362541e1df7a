from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    """Workers' requests (legal aid, complaints, hardship, letters), their handling and deadlines,
    the public look-up and statistics."""

    name = "appeals"
    verbose_name = _("职工诉求")
