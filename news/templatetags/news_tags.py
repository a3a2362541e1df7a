"""Template tags of the public site: header, footer, links to apps that may not exist yet."""

from django import template
from django.urls import NoReverseMatch, reverse

from news import selectors

register = template.Library()

# Links of the header to other apps' pages, shown only once their URL names resolve.
APP_LINKS = [
    ("劳模风采", "honors:model_worker_list"),
    ("竞赛", "competitions:index"),
    ("年度报告", "reports:index"),
]


def _reverse_or_empty(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@register.simple_tag
def optional_url(name, *args):
    """``{% optional_url "reports:index" as url %}``: the URL, or "" while it does not exist."""
    return _reverse_or_empty(name, *args)


@register.inclusion_tag("includes/header.html", takes_context=True)
def site_header(context):
    request = context.get("request")
    channel = context.get("channel")
    current = ""
    if channel is not None:
        current = channel.parent.slug if channel.parent_id else channel.slug
    app_links = [
        {"name": label, "url": url} for label, name in APP_LINKS if (url := _reverse_or_empty(name))
    ]
    return {
        "site": selectors.site_settings_get(),
        "nav": selectors.nav_channels(),
        "app_links": app_links,
        "current_slug": current,
        "path": request.path if request else "",
        "query": context.get("query", ""),
    }


@register.inclusion_tag("includes/footer.html")
def site_footer():
    return {"site": selectors.site_settings_get()}


@register.simple_tag
def site_name():
    return selectors.site_settings_get().site_name


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The URL of page ``number`` keeping the other query parameters."""
    request = context["request"]
    params = request.GET.copy()
    params["page"] = number
    return "?" + params.urlencode()
