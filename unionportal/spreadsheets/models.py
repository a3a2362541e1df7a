"""A large file imported in the background (a Celery task), with its progress and outcome."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ImportJobQuerySet(models.QuerySet):
    def in_progress(self):
        return self.filter(state__in=IN_PROGRESS)


class ImportJob(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("导入中")
        DONE = "done", _("已导入")
        REFUSED = "refused", _("有错误，未导入")
        FAILED = "failed", _("出错，未导入")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="import_jobs",
    )
    model_label = models.CharField(_("导入到"), max_length=100)  # "honors.honour"
    resource_index = models.PositiveSmallIntegerField(_("导入格式序号"), default=0)
    file_name = models.CharField(_("文件名"), max_length=255)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.QUEUED)
    rows_total = models.PositiveIntegerField(_("总行数"), default=0)
    rows_done = models.PositiveIntegerField(_("已处理行数"), default=0)
    summary = models.CharField(_("结果"), max_length=300, blank=True)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    #: the uploaded file, encrypted (``storage.encrypt``); emptied once the import has run
    payload = models.BinaryField(_("文件（加密）"), blank=True, default=b"", editable=False)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("后台导入")
        verbose_name_plural = _("后台导入")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "created_at"], name="importjob_state_created")]
        constraints = [
            models.CheckConstraint(
                condition=Q(rows_done__lte=F("rows_total")), name="importjob_done_within_total"
            )
        ]

    def __str__(self):
        return f"{self.file_name}（{self.get_state_display()}）"

    @property
    def in_progress(self) -> bool:
        return self.state in IN_PROGRESS

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 0
        return min(100, self.rows_done * 100 // self.rows_total)


#: the states of a job still to finish (the workbench lists them as "imports in progress")
IN_PROGRESS = (ImportJob.State.QUEUED, ImportJob.State.RUNNING)
