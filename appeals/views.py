"""Public pages of the requests, at /hudong/ (互动, as in 政民互动; pinyin, like /fuwu/, so a link
pasted into WeChat stays readable).

The pages with a form (sending, the look-up, rating) carry a CSRF token and personal answers:
they are never put in the page cache. The kinds, the statistics and the published replies are
the same for every reader and are cached like other public pages.
"""

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from appeals import limits, selectors, services
from appeals.forms import AppealForm, LookupForm, RatingForm
from appeals.models import Appeal
from unionportal.cache import cache_public_page

RATING_SALT = "appeals.rating"
RATING_MAX_AGE = 60 * 60
PAGE_SIZE = 20
TOO_MANY = _("提交过于频繁，请稍后再试；急事请拨打职工服务热线12351。")


@cache_public_page
def index(request):
    return render(request, "appeals/index.html", {"kinds": selectors.kinds_public()})


@require_http_methods(["GET", "POST"])
def send(request, code):
    kind = selectors.kind_public(code)
    if kind is None:
        raise Http404(_("没有这一类诉求。"))
    if request.method != "POST":
        return _form_page(request, AppealForm(kind=kind), kind)
    form = AppealForm(request.POST, request.FILES, kind=kind)
    address = limits.client_address(request)
    if not limits.allow(limits.SEND_PER_ADDRESS, address):
        return _form_page(request, form, kind, error=TOO_MANY, status=429)
    if not form.is_valid():
        return _form_page(request, form, kind, status=400)
    values = form.kind_values()
    if values.get("phone") and not limits.allow(limits.SEND_PER_PHONE, values["phone"]):
        return _form_page(request, form, kind, error=TOO_MANY, status=429)
    appeal = services.appeal_submit(
        kind=kind,
        subkind=form.cleaned_data.get("subkind"),
        description=form.cleaned_data["description"],
        consent_version=kind.privacy_version,
        files=form.files_checked,
        publish_consent=form.cleaned_data["publish_consent"],
        anonymous=bool(form.cleaned_data.get("anonymous")),
        **values,
    )
    return render(request, "appeals/sent.html", {"appeal": appeal, "kind": kind})


def _form_page(request, form, kind, *, error: str = "", status: int = 200):
    if form.is_bound:
        form.renew_captcha()
    context = {"form": form, "kind": kind, "error": error}
    return render(request, "appeals/form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def lookup(request):
    if request.method != "POST":
        return render(request, "appeals/lookup.html", {"form": LookupForm()})
    form = LookupForm(request.POST)
    address = limits.client_address(request)
    try:
        blocked = limits.lookup_blocked(address)
    except limits.LookupsUnavailable:
        error = _("查询服务暂时不可用，请稍后再试；急事请拨打职工服务热线12351。")
        return render(request, "appeals/lookup.html", {"form": form, "error": error}, status=503)
    if blocked:
        error = _("查询失败次数过多，请一小时后再试；忘记查询码请拨打职工服务热线12351。")
        return render(request, "appeals/lookup.html", {"form": form, "error": error}, status=429)
    if not form.is_valid():
        return render(request, "appeals/lookup.html", {"form": form}, status=400)
    appeal = selectors.appeal_lookup(
        code=form.cleaned_data["code"], phone_last4=form.cleaned_data["phone_last4"]
    )
    if appeal is None:
        limits.lookup_failed(address)
        error = _("查询码或手机号码后四位不正确，请核对后再试。")
        return render(request, "appeals/lookup.html", {"form": form, "error": error}, status=404)
    return _status_page(request, appeal)


def _status_page(request, appeal: Appeal, *, rating_form=None, status: int = 200):
    if rating_form is None and appeal.status == Appeal.Status.CLOSED and not appeal.rating:
        token = signing.dumps(appeal.pk, salt=RATING_SALT)
        rating_form = RatingForm(initial={"token": token})
    context = {
        "appeal": appeal,
        "events": selectors.appeal_public_events(appeal=appeal),
        "rating_form": rating_form,
    }
    response = render(request, "appeals/status.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def rate(request):
    form = RatingForm(request.POST)
    try:
        pk = signing.loads(request.POST.get("token", ""), salt=RATING_SALT, max_age=RATING_MAX_AGE)
    except signing.BadSignature:
        error = _("页面已过期，请重新查询后再评价。")
        return render(
            request, "appeals/lookup.html", {"form": LookupForm(), "error": error}, status=400
        )
    appeal = get_object_or_404(Appeal.objects.select_related("kind", "subkind", "union"), pk=pk)
    if not form.is_valid():
        return _status_page(request, appeal, rating_form=form, status=400)
    try:
        appeal = services.appeal_rate(
            appeal=appeal,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _status_page(request, appeal, rating_form=form, status=400)
    return _status_page(request, appeal)


def _year(request, years: list[int]) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    if year in years:
        return year
    return years[0] if years else timezone.localdate().year


@cache_public_page(params=("year",))
def statistics(request):
    years = selectors.appeal_years()
    year = _year(request, years)
    context = {
        "years": years,
        "year": year,
        "totals": selectors.appeal_totals(year),
        "table": selectors.appeal_by_kind_and_month(year),
    }
    return render(request, "appeals/statistics.html", context)


@cache_public_page(params=("q", "page"))
def replies(request):
    query = (request.GET.get("q") or "").strip()[:50]
    page = Paginator(selectors.replies_published(text=query), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "appeals/replies.html", {"page": page, "query": query})


@cache_public_page
def reply_detail(request, pk):
    appeal = get_object_or_404(selectors.replies_published(), pk=pk)
    return render(request, "appeals/reply_detail.html", {"appeal": appeal})
