"""A reader filters a public list: the menus are written out from the form's data, keep what
was chosen, explain a bad value next to its menu, and are kept per content version only while
they hold nothing the reader sent."""

import pytest
from django.http import QueryDict
from django.urls import reverse

from organizations.forms import PublicFilterForm
from organizations.models import District

pytestmark = pytest.mark.django_db


@pytest.fixture
def districts():
    return District.objects.create(name="崇川区", order=1), District.objects.create(
        name="通州区", order=2
    )


def test_the_menus_keep_what_the_reader_chose(districts):
    east, west = districts
    form = PublicFilterForm(QueryDict(f"district={west.pk}&q=纺织"))
    assert form.menus(["district"]) == {
        "district": [("", "全部区划", False), (str(east.pk), "崇川区", False),
                     (str(west.pk), "通州区", True)],
    }  # fmt: skip
    box = form.written_boxes[0]
    assert (box.name, box.input_type, box.value, box.maxlength) == ("q", "search", "纺织", 50)
    # nothing sent: the empty option ("全部…") is the chosen one
    assert PublicFilterForm().menu("district")[0] == ("", "全部区划", True)


def test_a_bad_value_is_explained_and_its_menus_are_not_kept(districts):
    form = PublicFilterForm(QueryDict("district=99"))
    district = next(field for field in form.written_menus if field.name == "district")
    assert district.errors == ["没有“99”这一项，已忽略这个条件。"]
    assert not any(chosen for _, _, chosen in district.options)
    assert form.menus_key == ""  # its message quotes what was sent
    assert PublicFilterForm(QueryDict("q=" + "字" * 60)).menus_key != ""  # a long text is no menu


def test_the_kept_menus_are_one_per_choice_not_per_text(districts):
    east, _ = districts
    keys = {
        PublicFilterForm(QueryDict(f"district={east.pk}&q={text}")).menus_key
        for text in ("纺织", "船舶", "随便什么")
    }
    assert len(keys) == 1
    assert PublicFilterForm(QueryDict("")).menus_key not in keys


def test_the_page_writes_the_menus_with_labels_errors_and_search_box(client, districts):
    east, _ = districts
    url = reverse("competitions:enterprise_list")
    page = client.get(url, {"district": east.pk, "q": "纺织"}).content.decode()
    assert '<label for="id_district">区划</label>' in page
    assert f'<option value="{east.pk}" selected>崇川区</option>' in page
    assert '<input type="search" name="q" value="纺织" maxlength="50" id="id_q">' in page

    page = client.get(url, {"industry": "没有的行业", "q": "字" * 60}).content.decode()
    assert 'aria-invalid="true" aria-describedby="id_industry_error" id="id_industry"' in page
    assert '<p class="list-filter__error" id="id_industry_error" role="alert">' in page
    assert "没有“没有的行业”这一项" in page
    assert (
        '<p class="list-filter__error" id="id_q_error" role="alert">关键词最多 50 个字。</p>'
        in page
    )


def test_kept_menus_show_a_district_staff_add(client, admin_client, settings, districts,
                                              django_capture_on_commit_callbacks):  # fmt: skip
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # every page rendered, its menus kept
    url = reverse("competitions:enterprise_list")
    for _ in range(2):
        assert ">海门区</option>" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:organizations_district_add"), {"name": "海门区", "code": "", "order": 3}
        )
    assert response.status_code == 302
    assert ">海门区</option>" in client.get(url).content.decode()
