import io
from datetime import timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from news.models import Article, Attachment, Channel, Gallery, Photo, SiteSettings, Source, Tag
from tests.factories import UserFactory  # noqa: F401 - the news tests' staff


def image_bytes(size=(64, 48), color=(200, 30, 30), fmt="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return buffer.getvalue()


def image_upload(name="photo.png", **kwargs) -> SimpleUploadedFile:
    fmt = kwargs.pop("fmt", "PNG")
    return SimpleUploadedFile(name, image_bytes(fmt=fmt, **kwargs), content_type="image/png")


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"栏目{n}")
    slug = factory.Sequence(lambda n: f"channel-{n}")
    order = factory.Sequence(lambda n: n)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ["name"]

    name = "市总工会"


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"标签{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article by default (approved, published an hour ago)."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"市总工会开展职工服务活动（{n}）")
    channel = factory.SubFactory(ChannelFactory)
    summary = "工会组织服务职工的一项活动。"
    body = "<p>市总工会组织开展了面向一线职工的服务活动。</p>"
    source = factory.SubFactory(SourceFactory)
    status = Article.Status.APPROVED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        article = super()._create(model_class, *args, **kwargs)
        from news.services import article_search_index

        article_search_index(article_ids=[article.pk])
        article.refresh_from_db()
        return article


class GalleryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gallery

    title = factory.Sequence(lambda n: f"图集{n}")
    slug = factory.Sequence(lambda n: f"gallery-{n}")


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Photo

    gallery = factory.SubFactory(GalleryFactory)
    image = factory.LazyFunction(image_upload)
    caption = factory.Sequence(lambda n: f"职工风采{n}")
    alt_text = "职工在车间里操作机床"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from news.services import photo_save

        return photo_save(photo=model_class(*args, **kwargs))


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    article = factory.SubFactory(ArticleFactory)
    title = factory.Sequence(lambda n: f"附件{n}")
    file = factory.LazyFunction(
        lambda: SimpleUploadedFile("notice.pdf", b"%PDF-1.4\n%test\n", "application/pdf")
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from news.services import attachment_save

        return attachment_save(attachment=model_class(*args, **kwargs))


class SiteSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SiteSettings
        django_get_or_create = ["id"]

    id = 1
    organiser = "示例市总工会"
    address = "示例市人民路1号"
    phone = "0000-12345678"
    email = "office@example.org"
    icp_number = "苏ICP备00000000号"
    police_number = "苏公网安备 00000000000000号"
    disclaimer = "本网转载稿件仅为传播信息。"
