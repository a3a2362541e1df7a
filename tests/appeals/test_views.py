"""The public pages as a worker uses them: choosing a kind, sending with the captcha, getting a
code, looking it up, rating; what stops abuse (rate limits, honeypot, captcha, hostile text and
files); the statistics and the published replies."""

import io
import re

import pytest
from django.core import mail
from django.core.cache import cache
from PIL import Image

from appeals import limits, services
from appeals.models import Appeal, AppealAttachment
from tests.appeals.factories import (
    appeal_make,
    captcha_answer,
    captcha_token,
    handler,
    kind,
)
from unionportal.cache import PUBLIC_PAGE_PARAMS

pytestmark = pytest.mark.django_db

COMPLAINT = "/hudong/new/complaint/"


def form_data(page_text: str, **fields) -> dict:
    data = {
        "subkind": str(kind("complaint_wages").pk),
        "name": "王小明",
        "phone": "13912345678",
        "employer": "某建筑公司",
        "description": "公司拖欠我三个月工资共一万二千元。",
        "consent": "on",
        "captcha_token": captcha_token(page_text),
        "captcha_answer": captcha_answer(page_text),
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def send(client, url=COMPLAINT, address="10.0.0.1", **fields):
    page = client.get(url, REMOTE_ADDR=address).content.decode()
    return client.post(url, form_data(page, **fields), REMOTE_ADDR=address)


def png_file(name="photo.png") -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = name
    return buffer


def test_the_index_lists_the_kinds_with_their_deadlines(client, city):
    page = client.get("/hudong/").content.decode()
    for name in ("法律援助申请", "维权投诉", "法律咨询", "困难帮扶申请", "主席信箱", "意见建议"):
        assert name in page
    assert "3个工作日内受理，15个工作日内答复" in page
    assert "欠薪" in page


def test_a_kind_asks_only_its_own_fields(client, city):
    consultation = client.get("/hudong/new/consultation/").content.decode()
    assert 'name="phone"' in consultation and 'name="id_number"' not in consultation
    assert 'name="amount_owed"' not in consultation and 'type="file"' not in consultation
    hardship = client.get("/hudong/new/hardship/").content.decode()
    assert 'name="id_number"' in hardship and 'type="file"' in hardship
    assert "个人信息保护告知" in hardship and "困难帮扶申请" in hardship


def test_a_worker_sends_a_complaint_and_gets_a_code_and_an_email(
    client, city, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, email="worker@example.com")
    assert response.status_code == 200
    code = re.search(r"data-code>([A-Z0-9]+)<", response.content.decode())[1]
    appeal = Appeal.objects.get(code=code)
    assert appeal.subkind == kind("complaint_wages") and appeal.channel == "online"
    assert appeal.consent_version == kind("complaint").privacy_version
    assert len(mail.outbox) == 1 and code in mail.outbox[0].subject
    assert mail.outbox[0].to == ["worker@example.com"]
    assert "cache-control" not in {k.lower() for k in response.headers} or (
        "public" not in response["Cache-Control"]
    )


def test_the_form_pages_are_never_put_in_the_page_cache(city):
    from appeals import views

    for view in (views.send, views.lookup, views.rate):
        assert not hasattr(view, PUBLIC_PAGE_PARAMS)
    assert getattr(views.replies, PUBLIC_PAGE_PARAMS) == ("page", "q")
    assert getattr(views.statistics, PUBLIC_PAGE_PARAMS) == ("year",)


def test_a_wrong_captcha_answer_keeps_what_was_typed_and_asks_a_new_question(client, city):
    page = client.get(COMPLAINT).content.decode()
    answer = str(int(captcha_answer(page)) + 1)
    response = client.post(COMPLAINT, form_data(page, captcha_answer=answer))
    text = response.content.decode()
    assert response.status_code == 400
    assert "验证问题回答不正确" in text
    assert "公司拖欠我三个月工资共一万二千元。" in text and 'value="王小明"' in text
    assert Appeal.objects.count() == 0


def test_the_captcha_accepts_the_answer_in_chinese_words_or_full_width_digits(client, city):
    page = client.get(COMPLAINT).content.decode()
    value = int(captcha_answer(page))
    full_width = str(value).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    response = client.post(COMPLAINT, form_data(page, captcha_answer=full_width))
    assert response.status_code == 200 and Appeal.objects.count() == 1


def test_a_captcha_token_serves_once(client, city):
    page = client.get(COMPLAINT).content.decode()
    data = form_data(page)
    assert client.post(COMPLAINT, data, REMOTE_ADDR="10.0.0.2").status_code == 200
    again = client.post(COMPLAINT, {**data, "phone": "13800000000"}, REMOTE_ADDR="10.0.0.3")
    assert again.status_code == 400 and Appeal.objects.count() == 1


def test_a_filled_honeypot_sends_nothing(client, city):
    response = send(client, website="http://spam.example")
    assert response.status_code == 400
    assert "提交未成功" in response.content.decode()
    assert Appeal.objects.count() == 0


def test_one_address_is_limited_while_others_send(client, city):
    for number in range(limits.SEND_PER_ADDRESS.count):
        assert send(client, phone=f"1390000000{number}").status_code == 200
    limited = send(client, phone="13900000099")
    assert limited.status_code == 429
    assert "提交过于频繁" in limited.content.decode()
    assert "公司拖欠我三个月工资" in limited.content.decode()  # nothing typed is lost
    assert send(client, address="10.9.9.9", phone="13900000098").status_code == 200


def test_one_phone_is_limited_from_any_address(client, city):
    for number in range(limits.SEND_PER_PHONE.count):
        assert send(client, address=f"10.1.0.{number}").status_code == 200
    assert send(client, address="10.1.1.1").status_code == 429
    assert Appeal.objects.count() == limits.SEND_PER_PHONE.count


class KeyRecorder:
    """The cache, recording every key the rate limits use."""

    def __init__(self):
        self.keys = []

    def __getattr__(self, name):
        method = getattr(cache, name)

        def call(key, *args, **kwargs):
            self.keys.append(key)
            return method(key, *args, **kwargs)

        return call


def test_no_phone_or_address_is_kept_in_the_cache_in_clear(client, city, monkeypatch):
    recorder = KeyRecorder()
    monkeypatch.setattr(limits, "cache", recorder)
    send(client, address="10.7.7.7")
    lookup(client, "ABCDEFGHJKMN", "5678", address="10.7.7.7")
    assert len(recorder.keys) >= 3
    keys = " ".join(recorder.keys)
    assert "13912345678" not in keys and "5678" not in keys and "10.7.7.7" not in keys


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_hostile_text_is_stored_and_shown_as_text(client, city):
    staff = handler("clerk", city)
    response = send(client, name="<b>王</b>", description=HOSTILE + " 欠薪问题")
    code = re.search(r"data-code>([A-Z0-9]+)<", response.content.decode())[1]
    appeal = Appeal.objects.get(code=code)
    assert appeal.description.startswith(HOSTILE)
    services.appeal_accept(appeal=appeal, by=staff)
    services.appeal_reply(appeal=appeal, by=staff, text=HOSTILE)
    page = client.post("/hudong/chaxun/", {"code": code, "phone_last4": "5678"}).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "<img src=x" not in page


def test_control_characters_are_dropped_before_they_reach_the_database(client, city):
    response = send(client, employer="某公司\x0b\x1b", description="拖欠工资\x1b三个月了，请帮助")
    assert response.status_code == 200
    appeal = Appeal.objects.get()
    assert appeal.employer == "某公司" and appeal.description == "拖欠工资三个月了，请帮助"


def test_a_nul_character_gets_a_chinese_message(client, city):
    response = send(client, description="拖欠工资\x00三个月了，请帮助")
    assert response.status_code == 400 and "空字符" in response.content.decode()


def test_an_image_and_a_pdf_are_kept_encrypted(client, city):
    pdf = io.BytesIO(b"%PDF-1.4\n%%EOF\n")
    pdf.name = "工资条.pdf"
    response = send(client, attachment_1=png_file(), attachment_2=pdf)
    assert response.status_code == 200
    kinds = sorted(AppealAttachment.objects.values_list("kind", "suffix"))
    assert kinds == [("image", ".png"), ("pdf", ".pdf")]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM appeals_appealattachment")
        stored = [row[0] for row in cursor.fetchall()]
    assert all("JVBERi" not in value and "iVBOR" not in value for value in stored)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("evil.html", b"<html><script>alert(1)</script></html>", "附件只能是图片"),
        ("fake.png", b"MZ\x90\x00 not an image", "附件只能是图片"),
        ("fake.pdf", b"PK\x03\x04 a zip named pdf", "附件只能是图片"),
        ("word.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old word", "附件只能是图片"),
    ],
)
def test_a_file_that_is_neither_an_image_nor_a_pdf_is_refused(client, city, name, content, message):
    upload = io.BytesIO(content)
    upload.name = name
    response = send(client, attachment_1=upload)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Appeal.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(client, city):
    big = io.BytesIO(b"%PDF-1.4\n" + b"0" * services.ATTACHMENT_MAX_BYTES)
    big.name = "big.pdf"
    response = send(client, attachment_1=big)
    assert response.status_code == 400 and "不能超过4MB" in response.content.decode()


def test_a_suggestion_may_be_anonymous(client, city):
    page = client.get("/hudong/new/suggestion/").content.decode()
    data = form_data(page, anonymous="on", name="", phone="", subkind=None, employer=None)
    data["description"] = "建议网站增加大字版的办事指南。"
    response = client.post("/hudong/new/suggestion/", data)
    assert response.status_code == 200
    appeal = Appeal.objects.get()
    assert appeal.anonymous and not appeal.name and appeal.phone is None


def test_a_named_kind_needs_the_name_and_phone(client, city):
    response = send(client, name="", phone="")
    assert response.status_code == 400
    assert response.content.decode().count("这个字段是必填项") >= 2


def test_a_bad_phone_or_id_number_gets_a_chinese_message(client, city):
    assert "手机号码应为以1开头的11位数字" in send(client, phone="12345").content.decode()
    page = client.get("/hudong/new/hardship/").content.decode()
    data = form_data(page, subkind=None, id_number="320602197503150000")
    text = client.post("/hudong/new/hardship/", data).content.decode()
    assert "身份证号校验位不正确" in text


# ---- the look-up ------------------------------------------------------------------------------


def lookup(client, code, last4, address="10.2.0.1"):
    return client.post("/hudong/chaxun/", {"code": code, "phone_last4": last4}, REMOTE_ADDR=address)


def test_the_worker_looks_up_the_state_with_the_code_and_the_last_four_digits(client, city):
    appeal = appeal_make()
    response = lookup(client, appeal.code.lower(), "5678")
    text = response.content.decode()
    assert response.status_code == 200
    assert "待受理" in text and appeal.code in text
    assert response["Cache-Control"] == "private, no-store"


def test_a_wrong_code_or_wrong_digits_say_the_same(client, city):
    appeal = appeal_make()
    wrong_digits = lookup(client, appeal.code, "0000")
    wrong_code = lookup(client, "ABCDEFGHJKMN", "5678")
    for response in (wrong_digits, wrong_code):
        assert response.status_code == 404
        assert "查询码或手机号码后四位不正确" in response.content.decode()


def test_failed_look_ups_are_limited_per_address(client, city):
    appeal = appeal_make()
    for _ in range(limits.LOOKUP_FAILURES_PER_ADDRESS.count):
        assert lookup(client, appeal.code, "0000").status_code == 404
    blocked = lookup(client, appeal.code, "5678")
    assert blocked.status_code == 429 and "查询失败次数过多" in blocked.content.decode()
    assert lookup(client, appeal.code, "5678", address="10.2.0.2").status_code == 200


def test_with_the_cache_away_look_ups_stop_with_a_clear_message(client, city, monkeypatch):
    appeal = appeal_make()
    monkeypatch.setattr(limits, "shared_cache_call", lambda operation, default=None: default)
    response = lookup(client, appeal.code, "5678")
    assert response.status_code == 503
    assert "查询服务暂时不可用" in response.content.decode()
    # sending still works
    assert send(client).status_code == 200


def test_the_worker_sees_each_state_the_route_and_the_reply_then_rates(client, city, haimen):
    clerk = handler("city", city)
    county = handler("county", haimen)
    appeal = appeal_make()
    services.appeal_accept(appeal=appeal, by=clerk)
    services.appeal_route(appeal=appeal, by=clerk, union=haimen, note="内部说明：请核实")
    services.appeal_reply(appeal=appeal, by=county, text="经协调，单位已补发工资。")
    services.appeal_close(appeal=appeal, by=county)
    text = lookup(client, appeal.code, "5678").content.decode()
    for step in ("提交", "受理", "转海门区总工会办理", "答复", "办结"):
        assert step in text
    assert "经协调，单位已补发工资。" in text
    assert "内部说明" not in text and "county" not in text  # no internal note, no staff names
    token = re.search(r'name="token" value="([^"]+)"', text)[1]
    rated = client.post(
        "/hudong/chaxun/pingjia/", {"token": token, "rating": "satisfied", "comment": "谢谢"}
    )
    assert "您的评价：满意" in rated.content.decode()
    assert Appeal.objects.get().rating == "satisfied"
    again = client.post("/hudong/chaxun/pingjia/", {"token": token, "rating": "dissatisfied"})
    assert again.status_code == 400 and "您的评价：满意" in again.content.decode()
    assert Appeal.objects.get().rating == "satisfied"


def test_a_forged_rating_token_is_refused(client, city):
    response = client.post("/hudong/chaxun/pingjia/", {"token": "1", "rating": "satisfied"})
    assert response.status_code == 400 and "页面已过期" in response.content.decode()


# ---- public results ---------------------------------------------------------------------------


def test_the_statistics_page_counts_by_kind_and_month_answered_on_time_and_satisfaction(
    client, city
):
    clerk = handler("city", city)
    answered = appeal_make()
    services.appeal_accept(appeal=answered, by=clerk)
    services.appeal_reply(appeal=answered, by=clerk, text="已答复")
    services.appeal_close(appeal=answered, by=clerk)
    services.appeal_rate(appeal=answered, rating="fairly")
    appeal_make("consultation")
    page = client.get("/hudong/tongji/").content.decode()
    assert re.search(r'data-figure="received">2 件', page)
    assert re.search(r'data-figure="answered">1 件', page)
    assert re.search(r'data-figure="on_time">1 件（100.0%）', page)
    assert "100.0%（1件评价：满意0、基本满意1、不满意0）" in page
    assert '<th scope="row">维权投诉</th>' in page and '<th scope="row">法律咨询</th>' in page


def test_published_replies_are_listed_searched_and_hold_no_personal_data(client, city):
    clerk = handler("pub", city, perms=("view_appeal", "handle_appeal", "publish_appeal"))
    appeal = appeal_make(publish_consent=True)
    services.appeal_accept(appeal=appeal, by=clerk)
    services.appeal_reply(appeal=appeal, by=clerk, text="王小明您好：单位已补发。")
    services.appeal_publish(
        appeal=appeal, by=clerk, question="建筑工人被拖欠工资怎么办？", answer="可申请劳动仲裁。"
    )
    listing = client.get("/hudong/dafu/", {"q": "拖欠"}).content.decode()
    assert "建筑工人被拖欠工资怎么办？" in listing
    assert "王小明" not in listing and appeal.code not in listing
    assert "没有找到" in client.get("/hudong/dafu/", {"q": "工伤"}).content.decode()
    detail = client.get(f"/hudong/dafu/{appeal.pk}/").content.decode()
    assert "可申请劳动仲裁。" in detail and "王小明" not in detail
    unpublished = appeal_make()
    assert client.get(f"/hudong/dafu/{unpublished.pk}/").status_code == 404


def test_a_broker_that_is_away_loses_the_email_never_the_request(
    client, city, monkeypatch, django_capture_on_commit_callbacks
):
    from appeals import tasks

    tried = []

    def away(*args, **kwargs):
        tried.append(args)
        raise ConnectionError("broker away")

    monkeypatch.setattr(tasks.send_code_email, "delay", away)
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, email="worker@example.com")
    assert tried, "the e-mail was enqueued after the commit"
    assert response.status_code == 200 and "data-code" in response.content.decode()
    assert Appeal.objects.count() == 1 and not mail.outbox


def test_the_statistics_page_shows_the_year_asked_for(client, city):
    from django.utils import timezone

    old = appeal_make("consultation")
    earlier = timezone.localtime(old.submitted_at).replace(year=2024)
    Appeal.objects.filter(pk=old.pk).update(submitted_at=earlier)
    appeal_make()
    this_year = timezone.localdate().year
    assert f"{this_year}年办件统计" in client.get("/hudong/tongji/").content.decode()
    page = client.get("/hudong/tongji/", {"year": "2024"}).content.decode()
    assert "2024年办件统计" in page and re.search(r'data-figure="received">1 件', page)
    assert "法律咨询" in page
    assert f"{this_year}年办件统计" in client.get("/hudong/tongji/", {"year": "x"}).content.decode()
