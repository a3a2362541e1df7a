"""Whatever the editor sends, the stored body keeps only the news allow-list."""

import pytest

from news import services
from news.sanitize import sanitize_html
from tests.news.factories import ArticleFactory

XSS_CORPUS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src="/media/a.png" onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    '<a href="javascript:alert(1)">点我</a>',
    '<a href="JaVaScRiPt:alert(1)">点我</a>',
    '<a href="jav&#x09;ascript:alert(1)">点我</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">点我</a>',
    '<a href=" javascript:alert(1)">点我</a>',
    '<a href="vbscript:msgbox(1)">点我</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">点我</a>',
    '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    "<svg><script>alert(1)</script></svg>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">文字</p>',
    '<iframe src="https://evil.example"></iframe>',
    '<object data="evil.swf"></object><embed src="evil.swf">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<p onmouseover="alert(1)">文字</p>',
    '<form action="https://evil.example"><input name="x"></form>',
    "<<script>script>alert(1)<</script>/script>",
    '<img """><script>alert(1)</script>">',
    '<a href="https://ok.example" onclick="alert(1)" target="_blank">链接</a>',
    "<!--<script>alert(1)</script>-->",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    "<div><p>未闭合<strong>标签",
]


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_xss_payloads_lose_everything_executable(payload):
    cleaned = sanitize_html(payload).lower()
    for needle in (
        "<script",
        "javascript:",
        "vbscript:",
        "data:",
        "onerror",
        "onload",
        "onclick",
        "onmouseover",
        "<svg",
        "<style",
        "<iframe",
        "<object",
        "<embed",
        "<form",
        "<meta",
        "<base",
        "style=",
    ):
        assert needle not in cleaned, (payload, cleaned)


def test_news_markup_is_kept():
    html = (
        "<h2>一、总体情况</h2><p><strong>全年</strong>完成<em>目标</em>，<u>重点</u><s>旧</s></p>"
        "<blockquote>引文</blockquote><ul><li>甲</li></ul><ol><li>乙</li></ol>"
        '<table><caption>表一</caption><thead><tr><th scope="col" colspan="2">项目</th></tr>'
        '</thead><tbody><tr><td rowspan="2">1</td></tr></tbody></table>'
        '<figure class="image"><img src="/media/editor/a.jpg" alt="现场" width="640" height="360">'
        "<figcaption>会议现场</figcaption></figure>"
    )
    assert sanitize_html(html) == html


def test_links_get_rel_and_only_safe_schemes():
    cleaned = sanitize_html(
        '<a href="https://example.org" target="_blank">外链</a>'
        '<a href="mailto:a@example.org">信</a>'
        '<a href="ftp://example.org">ftp</a>'
    )
    assert '<a href="https://example.org" rel="noopener noreferrer">外链</a>' in cleaned
    assert 'href="mailto:a@example.org"' in cleaned
    assert "ftp:" not in cleaned and "target" not in cleaned


def test_images_only_from_our_media_or_https():
    cleaned = sanitize_html(
        '<img src="/media/a.png" alt="a"><img src="http://plain.example/b.png" alt="b">'
        '<img src="https://cdn.example/c.png" alt="c"><img src="//evil.example/d.png" alt="d">'
    )
    assert 'src="/media/a.png"' in cleaned
    assert 'src="https://cdn.example/c.png"' in cleaned
    assert "plain.example" not in cleaned and "evil.example" not in cleaned


@pytest.mark.django_db
def test_saving_an_article_sanitises_the_body_and_the_public_page_is_clean(client, reviewer):
    article = ArticleFactory(body="<p>正文</p>")
    article.body = '<p onclick="steal()">正文</p><script>alert("x")</script><img src=x onerror=a>'
    services.article_save(article=article, user=reviewer)
    article.refresh_from_db()
    assert article.body == "<p>正文</p><img>"  # the image lost its unsafe src and handler
    page = client.get(article.get_absolute_url()).content.decode()
    assert "steal()" not in page and 'alert("x")' not in page
