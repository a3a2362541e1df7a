from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from news import annual_review, services
from news.admin_filters import ChangedFiguresFilter
from news.forms import ArticleAdminForm
from news.models import Article, Attachment, Channel, Gallery, Photo, SiteSettings, Source, Tag
from reports.selectors import report_years
from unionportal.cache import ShownOnPublicPages


class PublicContentAdmin(ShownOnPublicPages, admin.ModelAdmin):
    """What these admins change is on the public pages: make the cached pages follow."""


@admin.register(Channel)
class ChannelAdmin(PublicContentAdmin):
    list_display = ["__str__", "slug", "order", "show_in_nav", "show_on_home"]
    list_editable = ["order", "show_in_nav", "show_on_home"]
    list_filter = ["show_in_nav", "parent"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {}


@admin.register(Source)
class SourceAdmin(PublicContentAdmin):
    list_display = ["name", "url", "order"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    search_fields = ["name"]


@admin.register(Tag)
class TagAdmin(PublicContentAdmin):
    list_display = ["name"]
    search_fields = ["name"]


class PhotoInline(admin.TabularInline):
    model = Photo
    fields = ["image", "caption", "alt_text", "order", "preview"]
    readonly_fields = ["preview"]
    extra = 1

    @admin.display(description="缩略图")
    def preview(self, photo):
        if not photo.pk:
            return "—"
        return format_html('<img src="{}" alt="{}" height="60">', photo.thumb_url, photo.alt_text)


@admin.register(Gallery)
class GalleryAdmin(PublicContentAdmin):
    list_display = ["title", "article", "show_on_home", "created_at", "photo_count"]
    list_filter = ["show_on_home"]
    list_select_related = ["article"]
    search_fields = ["title"]
    autocomplete_fields = ["article"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [PhotoInline]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(photo_total=Count("photos"))

    @admin.display(description="图片数", ordering="photo_total")
    def photo_count(self, gallery):
        return gallery.photo_total

    def save_formset(self, request, form, formset, change):
        photos = formset.save(commit=False)
        for photo in formset.deleted_objects:
            photo.delete()
        for photo in photos:
            services.photo_save(photo=photo)


@admin.register(Photo)
class PhotoAdmin(PublicContentAdmin):
    list_display = ["caption", "gallery", "order", "width", "height"]
    list_filter = ["gallery"]
    list_select_related = ["gallery"]
    search_fields = ["caption", "alt_text"]
    autocomplete_fields = ["gallery"]

    def save_model(self, request, obj, form, change):
        services.photo_save(photo=obj, image_changed="image" in form.changed_data)


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ["title", "file", "order", "kind", "size"]
    readonly_fields = ["kind", "size"]
    extra = 0


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label="审核意见",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text="退回修改时必填，将显示给编辑。",
    )


class AnnualReviewForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", coerce=int, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, f"{year}年") for year in report_years()]


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    change_form_template = "admin/news/article/change_form.html"
    form = ArticleAdminForm  # the body's editor with the live-figure picker beside it
    change_list_template = "admin/news/article/change_list.html"
    list_display = [
        "title",
        "channel",
        "status",
        "publish_at",
        "published_now",
        "is_headline",
        "is_pinned",
        "view_count",
    ]
    list_filter = [
        "status",
        ChangedFiguresFilter,
        "channel",
        "is_headline",
        "is_pinned",
        "publish_at",
    ]
    list_select_related = ["channel", "channel__parent"]
    search_fields = ["title", "subtitle", "author"]
    autocomplete_fields = ["channel", "source", "tags"]
    date_hierarchy = "publish_at"
    readonly_fields = [
        "status",
        "review_comment",
        "submitted_by",
        "reviewed_by",
        "reviewed_at",
        "view_count",
    ]
    inlines = [AttachmentInline]
    actions = ["submit_selected", "approve_selected", "reject_selected"]
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "channel", "summary", "body"]}),
        (
            "英文版",
            {
                "fields": ["title_en", "summary_en"],
                "classes": ["collapse"],
                "description": "英文网页（/en/）显示英文标题和摘要；不填则显示中文。"
                "正文始终为中文。",
            },
        ),
        ("题图", {"fields": ["cover", "cover_alt"]}),
        (
            "来源与署名",
            {"fields": ["source", "source_text", "author", "responsible_editor", "tags"]},
        ),
        (
            "发布",
            {
                "fields": [
                    "publish_at",
                    "expires_at",
                    ("is_headline", "headline_until"),
                    ("is_pinned", "pinned_until"),
                ]
            },
        ),
        (
            "审核",
            {
                "fields": [
                    "status",
                    "review_comment",
                    "submitted_by",
                    "reviewed_by",
                    "reviewed_at",
                    "view_count",
                ]
            },
        ),
    ]

    @admin.display(description="已发布", boolean=True)
    def published_now(self, article):
        return article.is_published(timezone.now())

    def has_change_permission(self, request, obj=None):
        # An approved (live) article is read-only for those who may not review it.
        if (
            obj is not None
            and obj.status == Article.Status.APPROVED
            and not request.user.has_perm("news.review_article")
        ):
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        services.article_save(article=obj, user=request.user)

    def save_formset(self, request, form, formset, change):
        attachments = formset.save(commit=False)
        for attachment in formset.deleted_objects:
            attachment.delete()
        for attachment in attachments:
            services.attachment_save(attachment=attachment)
        formset.save_m2m()

    def get_urls(self):
        return [
            path(
                "<int:pk>/review/",
                self.admin_site.admin_view(self.review_view),
                name="news_article_review",
            ),
            path(
                "draft-annual-review/",
                self.admin_site.admin_view(self.draft_annual_review_view),
                name="news_article_draft_annual_review",
            ),
            *super().get_urls(),
        ]

    def draft_annual_review_view(self, request):
        """Write a draft annual review from a year's figures, for an editor to finish."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = AnnualReviewForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                article = annual_review.article_draft_annual_review(
                    year=int(form.cleaned_data["year"]), user=request.user
                )
            except ValueError as error:
                form.add_error("year", str(error))
            else:
                messages.success(request, "已生成草稿《%s》，数据以实时数值插入。" % article)
                return redirect(reverse("admin:news_article_change", args=[article.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "从年度统计生成工作综述草稿",
            "form": form,
        }
        return TemplateResponse(request, "admin/news/article/draft_annual_review.html", context)

    def review_view(self, request, pk):
        """Buttons for the transitions this user may apply; every one is checked by the service."""
        article = get_object_or_404(Article, pk=pk)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        form = ReviewForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            action = request.POST.get("action", "")
            comment = form.cleaned_data["comment"]
            try:
                if action == "submit":
                    services.article_submit(article=article, user=request.user)
                elif action == "approve":
                    services.article_approve(article=article, user=request.user)
                elif action == "return":
                    services.article_return(article=article, user=request.user, comment=comment)
                elif action == "reject":
                    services.article_reject(article=article, user=request.user, comment=comment)
                else:
                    raise ValidationError("未知的操作。")
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, "《%s》现在的状态：%s。" % (article, article.get_status_display())
                )
                return redirect(reverse("admin:news_article_change", args=[article.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "审核：%s" % article,
            "article": article,
            "form": form,
            "transitions": [
                (name, services.TRANSITIONS[name].verb)
                for name in services.article_allowed_transitions(article=article, user=request.user)
            ],
            "contradictions": annual_review.article_contradictions(article=article),
        }
        return TemplateResponse(request, "admin/news/article/review.html", context)

    def _apply(self, request, queryset, name):
        done = 0
        for article in queryset:
            try:
                getattr(services, f"article_{name}")(article=article, user=request.user)
                done += 1
            except (PermissionDenied, ValidationError) as error:
                text = "; ".join(error.messages) if hasattr(error, "messages") else str(error)
                self.message_user(request, "《%s》：%s" % (article, text), messages.ERROR)
        if done:
            self.message_user(request, "已处理 %d 篇文章。" % done, messages.SUCCESS)

    @admin.action(description="提交审核", permissions=["submit"])
    def submit_selected(self, request, queryset):
        self._apply(request, queryset, "submit")

    @admin.action(description="审核通过", permissions=["review"])
    def approve_selected(self, request, queryset):
        """Approve, after showing the typed numbers that contradict the figures: when any
        selected article has some, a page lists each article's flags and asks to approve all,
        only those without flags, or none."""
        confirm = request.POST.get("confirm", "")
        articles = list(queryset)
        flags = {
            article.pk: annual_review.article_contradictions(article=article)
            for article in articles
        }
        if confirm == "unflagged":
            articles = [article for article in articles if not flags[article.pk]]
        elif confirm != "all" and any(flags.values()):
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "批量审核通过：请先核对数字",
                "rows": [(article, flags[article.pk]) for article in articles],
                "flagged": sum(1 for found in flags.values() if found),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/news/article/approve_confirm.html", context)
        if articles:
            self._apply(request, articles, "approve")
        else:
            self.message_user(
                request, "所选文章都有待核对的数字，未通过任何文章。", messages.WARNING
            )

    @admin.action(description="不予采用", permissions=["review"])
    def reject_selected(self, request, queryset):
        self._apply(request, queryset, "reject")

    def has_submit_permission(self, request):
        return request.user.has_perm("news.submit_article")

    def has_review_permission(self, request):
        return request.user.has_perm("news.review_article")


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    list_display = ["site_name", "organiser", "phone", "icp_number"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.site_settings_save(site_settings=obj)
