"""The article editor's form: CKEditor 5 for the body, with the live-figure picker beside it."""

from django import forms
from django.urls import reverse_lazy

from news.models import Article


class ArticleAdminForm(forms.ModelForm):
    """The admin's article form. The body's textarea names the staff endpoint listing figures
    (``data-figure-picker``); static/js/figure_picker.js builds the picker from it and inserts
    the chosen figure's ``[[figure:YEAR:KEY]]`` code into the editor."""

    class Meta:
        model = Article
        # what an editor writes (the admin narrows it to its fieldsets); the review fields are
        # changed only through the workflow
        fields = [
            "title",
            "subtitle",
            "channel",
            "summary",
            "body",
            "title_en",
            "summary_en",
            "cover",
            "cover_alt",
            "source",
            "source_text",
            "author",
            "responsible_editor",
            "tags",
            "publish_at",
            "expires_at",
            "is_headline",
            "headline_until",
            "is_pinned",
            "pinned_until",
        ]

    class Media:
        css = {"all": ["css/figure_picker.css"]}
        js = ["js/figure_picker.js"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "body" in self.fields:
            self.fields["body"].widget.attrs["data-figure-picker"] = reverse_lazy(
                "reports:figure_picker"
            )
