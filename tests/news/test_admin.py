"""Every admin page of the news app opens."""

import pytest
from django.urls import reverse

from tests.news.factories import (
    ArticleFactory,
    AttachmentFactory,
    PhotoFactory,
    SiteSettingsFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

MODELS = ["article", "channel", "source", "tag", "gallery", "photo", "sitesettings"]


@pytest.mark.parametrize("model", MODELS)
def test_changelists_open(admin_client, model):
    article = ArticleFactory(tags=[TagFactory()])
    AttachmentFactory(article=article)
    PhotoFactory()
    SiteSettingsFactory()
    assert admin_client.get(reverse(f"admin:news_{model}_changelist")).status_code == 200


@pytest.mark.parametrize("model", [m for m in MODELS if m != "sitesettings"])
def test_add_pages_open(admin_client, model):
    assert admin_client.get(reverse(f"admin:news_{model}_add")).status_code == 200


def test_site_settings_are_a_single_row(admin_client):
    assert admin_client.get(reverse("admin:news_sitesettings_add")).status_code == 200
    SiteSettingsFactory()
    assert admin_client.get(reverse("admin:news_sitesettings_add")).status_code == 403


def test_article_change_history_and_review_pages_open(admin_client):
    article = ArticleFactory()
    for name in ("change", "history", "review"):
        url = reverse(f"admin:news_article_{name}", args=[article.pk])
        assert admin_client.get(url).status_code == 200


def test_a_photo_added_in_the_admin_gets_its_renditions_once(admin_client):
    from news.models import Gallery, Photo
    from tests.news.factories import image_upload

    gallery = Gallery.objects.create(title="图集", slug="g")
    response = admin_client.post(
        reverse("admin:news_photo_add"),
        {
            "gallery": gallery.pk,
            "image": image_upload(size=(1200, 800)),
            "caption": "技能比武现场",
            "alt_text": "选手在焊接台前比赛",
            "order": 0,
        },
    )
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert set(photo.renditions) == {"thumb", "480", "960"}
    assert (photo.width, photo.height) == (1200, 800)
    assert photo.image.storage.exists(photo.renditions["480"])
