"""No uploaded spreadsheet outlives its import in clear text: an aid file holds ID and phone
numbers. The upload waits for its confirmation encrypted, and goes when the file is refused,
when the import is confirmed, or when it has been left too long."""

import os
import time

import pytest
from django.core.management import call_command
from django.urls import reverse

from assistance.models import Disbursement
from tests.assistance.factories import make_id_number, staff_user
from tests.spreadsheets import csv_bytes, post_upload
from unionportal.spreadsheets.storage import (
    EncryptedUploadStorage,
    UploadGone,
    upload_folder,
    upload_sweep,
)

pytestmark = pytest.mark.django_db

HEADERS = ["姓名", "身份证号", "电话", "困难类别", "帮扶类型", "金额（元）", "发放工会", "发放日期"]
HEADERS += ["批次"]
ID_NUMBER, PHONE = make_id_number(701), "13955556666"


def aid_file(amount="800") -> bytes:
    row = ["周海燕", ID_NUMBER, PHONE, "相对困难", "节日慰问", amount, "市总工会", "2018-09-01"]
    return csv_bytes(HEADERS, [[*row, "2018年春节送温暖"]])


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.IMPORT_EXPORT_UPLOAD_DIR = str(tmp_path / "uploads")
    return tmp_path / "uploads"


@pytest.fixture
def clerk(client, city):
    client.force_login(staff_user("aid-clerk", city))
    return client


def stored_bytes(folder) -> list[bytes]:
    return [path.read_bytes() for path in folder.iterdir()] if folder.exists() else []


def test_a_previewed_file_waits_encrypted_and_goes_when_confirmed(clerk, uploads):
    preview = post_upload(clerk, Disbursement, aid_file(), "帮扶.csv")
    assert preview.context["confirm_form"] is not None

    waiting = stored_bytes(uploads)
    assert len(waiting) == 1
    for clear in (ID_NUMBER.encode(), PHONE.encode(), "周海燕".encode(), "周海燕".encode("gbk")):
        assert clear not in waiting[0]

    confirm = preview.context["confirm_form"]
    response = clerk.post(
        reverse("admin:assistance_disbursement_process_import"),
        {name: confirm[name].value() for name in confirm.fields},
    )
    assert response.status_code == 302
    assert Disbursement.objects.count() == 1
    assert stored_bytes(uploads) == []


@pytest.mark.parametrize(
    "content",
    [aid_file(amount="三百"), b"\x00\x01 not a spreadsheet", csv_bytes(["姓名"], [["周海燕"]])],
    ids=["a bad row", "not a spreadsheet", "missing columns"],
)
def test_a_refused_file_leaves_nothing_behind(clerk, uploads, content):
    response = post_upload(clerk, Disbursement, content, "帮扶.csv")
    assert response.context.get("confirm_form") is None
    assert stored_bytes(uploads) == []


def test_a_preview_nobody_confirms_is_swept(clerk, uploads):
    post_upload(clerk, Disbursement, aid_file(), "帮扶.csv")
    [left] = list(uploads.iterdir())
    upload_sweep()
    assert left.exists()  # not yet too old: the clerk may still confirm

    old = time.time() - 7 * 60 * 60
    os.utime(left, (old, old))
    call_command("sweep_import_uploads", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert not left.exists()


def test_an_upload_too_old_cannot_be_read_even_if_not_yet_swept(settings, uploads):
    storage = EncryptedUploadStorage(read_mode="rb")
    storage.save(b"name,id\n")
    assert storage.read() == b"name,id\n"
    settings.IMPORT_EXPORT_UPLOAD_MAX_AGE = -1
    with pytest.raises(UploadGone):
        storage.read()


def test_a_confirmation_whose_upload_is_gone_says_so_in_chinese(clerk, uploads):
    preview = post_upload(clerk, Disbursement, aid_file(), "帮扶.csv")
    data = {name: preview.context["confirm_form"][name].value() for name in ["import_file_name"]}
    data |= {"original_file_name": "帮扶.csv", "format": "0", "resource": "0"}
    for path in uploads.iterdir():
        path.unlink()

    response = clerk.post(reverse("admin:assistance_disbursement_process_import"), data)

    page = response.content.decode()
    assert response.status_code == 409
    assert "这次导入已经确认过，或上传的文件已过期清除" in page
    assert "Traceback" not in page
    assert not Disbursement.objects.exists()


def test_a_file_name_from_the_form_cannot_reach_outside_the_upload_folder(uploads):
    outside = upload_folder().parent / "secret.txt"
    outside.write_text("x")
    with pytest.raises(UploadGone):
        EncryptedUploadStorage(name="../secret.txt", read_mode="rb").read()
    assert outside.exists()
