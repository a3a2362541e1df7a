"""Search finds any substring of two characters or more (news.search): every article's search
columns are rebuilt from jieba words into normalised text and character bigrams."""

from django.db import migrations

BATCH = 500


def rebuild(apps, schema_editor):
    from news import search
    from news.sanitize import html_to_text

    Article = apps.get_model("news", "Article")
    postgresql = schema_editor.connection.vendor == "postgresql"
    fields = ["search_text", "search_vector"] if postgresql else ["search_text"]
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        articles = list(
            Article.objects.filter(pk__in=ids[start : start + BATCH]).only(
                "title", "subtitle", "summary", "body"
            )
        )
        for article in articles:
            article.search_text = search.index_text(
                article.title, article.subtitle, article.summary, html_to_text(article.body)
            )
            if postgresql:
                article.search_vector = search.vector_literal(article.search_text)
        Article.objects.bulk_update(articles, fields)


class Migration(migrations.Migration):
    dependencies = [("news", "0002_search_vector_gin_index")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
