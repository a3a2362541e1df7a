"""The newsroom's roles and their permissions; unionportal.roles makes them groups."""

EDITOR = "编辑"
REVIEWER = "审核"

_EDITOR_PERMISSIONS = [
    "news.view_article",
    "news.add_article",
    "news.change_article",
    "news.submit_article",
    "news.view_channel",
    "news.view_source",
    "news.view_tag",
    "news.add_tag",
    "news.view_gallery",
    "news.add_gallery",
    "news.change_gallery",
    "news.view_photo",
    "news.add_photo",
    "news.change_photo",
    "news.delete_photo",
    "news.view_attachment",
    "news.add_attachment",
    "news.change_attachment",
    "news.delete_attachment",
]

ROLES: dict[str, list[str]] = {
    EDITOR: _EDITOR_PERMISSIONS,
    REVIEWER: [*_EDITOR_PERMISSIONS, "news.review_article", "news.delete_article"],
}
