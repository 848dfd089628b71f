"""Card pictures in an S3-compatible bucket (docs/deploy.md, "Media"): moto's S3 server.

The storage settings come from samtale/settings.py itself, read with MEDIA_STORAGE=s3 and
the S3_* variables (the secret through S3_SECRET_ACCESS_KEY_FILE), so what is tested is
what an operator's environment file gives.
"""

import io
import runpy
import urllib.parse
import urllib.request

import boto3
import pytest
from django.conf import settings as django_settings
from django.test import Client
from PIL import Image
from PIL.ExifTags import Base

from groups import domain as groups
from tests.conftest import free_port
from tests.factories import MeetingFactory, ParticipantFactory, group_session
from wall import domain

pytestmark = pytest.mark.django_db

BUCKET = "samtale-media"
REGION = "eu-north-1"
ACCESS_KEY = "samtale-test-access"
SECRET_KEY = "samtale-test-secret"
SETTINGS_FILE = django_settings.BASE_DIR / "samtale" / "settings.py"


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint):
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    yield client
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        for item in page.get("Contents", []):
            client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def settings_with(monkeypatch, tmp_path, **environment) -> dict:
    """samtale/settings.py's globals when read with `environment` (a fresh read, no cache)."""
    monkeypatch.setenv("SAMTALE_VAR_DIR", str(tmp_path / "var"))
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


@pytest.fixture
def s3_settings(s3_endpoint, bucket, settings, monkeypatch, tmp_path):
    """Django's settings with the media storage samtale's settings make for this bucket."""
    secret = tmp_path / "s3_secret"
    secret.write_text(SECRET_KEY + "\n")
    read = settings_with(
        monkeypatch,
        tmp_path,
        MEDIA_STORAGE="s3",
        S3_BUCKET=BUCKET,
        S3_ENDPOINT_URL=s3_endpoint,
        S3_REGION=REGION,
        S3_ACCESS_KEY_ID=ACCESS_KEY,
        S3_SECRET_ACCESS_KEY_FILE=str(secret),
    )
    # Setting STORAGES resets Django's storage handler and default_storage (a test signal).
    settings.STORAGES = {**settings.STORAGES, "default": read["STORAGES"]["default"]}
    settings.MEDIA_STORAGE, settings.S3_URL_EXPIRY = "s3", read["S3_URL_EXPIRY"]
    return read["STORAGES"]["default"]


def jpeg_with_exif() -> bytes:
    """A photo as a phone makes it: with a camera model and a position in its EXIF."""
    image = Image.new("RGB", (2400, 1200), (200, 40, 40))
    exif = Image.Exif()
    exif[Base.Model] = "Telefon 12"
    exif[Base.ImageDescription] = "Hjemme hos Kari"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).getexif()[Base.Model] == "Telefon 12"
    return data


@pytest.fixture
def card():
    item = group_session(meeting=MeetingFactory())
    for _ in range(2):
        ParticipantFactory(meeting=item.meeting)
    (group,) = groups.groups_form(item=item, strategy="random", target_size=2, seed=1)
    return domain.card_for(group)


def test_settings_make_a_private_s3_storage_with_signed_urls(s3_settings, s3_endpoint):
    assert s3_settings["BACKEND"] == "storages.backends.s3.S3Storage"
    assert s3_settings["OPTIONS"] == {
        "bucket_name": BUCKET,
        "endpoint_url": s3_endpoint,
        "region_name": REGION,
        "access_key": ACCESS_KEY,
        "secret_key": SECRET_KEY,  # read from S3_SECRET_ACCESS_KEY_FILE
        "custom_domain": None,
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 5 * 60,  # made at each request (common/media.py): short
        "file_overwrite": False,
    }


def test_settings_keep_media_on_local_disk_by_default(monkeypatch, tmp_path):
    monkeypatch.delenv("MEDIA_STORAGE", raising=False)
    read = settings_with(monkeypatch, tmp_path, MEDIA_ROOT=str(tmp_path / "media"))
    assert read["STORAGES"]["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert read["MEDIA_ROOT"] == tmp_path / "media"


def test_settings_refuse_s3_without_a_bucket_and_unknown_storages(monkeypatch, tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.delenv("S3_BUCKET", raising=False)
    with pytest.raises(ImproperlyConfigured, match="S3_BUCKET"):
        settings_with(monkeypatch, tmp_path, MEDIA_STORAGE="s3")
    with pytest.raises(ImproperlyConfigured, match="'nfs'"):
        settings_with(monkeypatch, tmp_path, MEDIA_STORAGE="nfs")


def test_card_picture_goes_to_the_bucket_as_webp_without_exif(s3_settings, bucket, card):
    picture = domain.card_image_add(card=card, data=jpeg_with_exif(), alt="Tavla vår")

    for field in (picture.image, picture.thumbnail):
        head = bucket.head_object(Bucket=BUCKET, Key=field.name)
        assert head["ContentType"] == "image/webp"
        body = bucket.get_object(Bucket=BUCKET, Key=field.name)["Body"].read()
        stored = Image.open(io.BytesIO(body))
        assert stored.format == "WEBP"
        assert "exif" not in stored.info
        assert not stored.getexif()
        # Private: no grant to everyone (default_acl None leaves the bucket's own policy).
        grants = bucket.get_object_acl(Bucket=BUCKET, Key=field.name)["Grants"]
        assert not [g for g in grants if g["Grantee"].get("URI", "").endswith("/AllUsers")]
    assert Image.open(io.BytesIO(body)).size[0] <= 480  # the thumbnail, read last
    assert picture.image.name.startswith(f"cards/{card.item.meeting_id}/{card.pk}/")


def test_picture_url_is_signed_for_the_endpoint_and_works(
    s3_settings, s3_endpoint, card, admin_client
):
    picture = domain.card_image_add(card=card, data=jpeg_with_exif(), alt="Tavla vår")

    url = urllib.parse.urlsplit(picture.image.url)
    endpoint = urllib.parse.urlsplit(s3_endpoint)
    assert (url.scheme, url.netloc) == (endpoint.scheme, endpoint.netloc)
    assert url.path == f"/{BUCKET}/{picture.image.name}"
    query = urllib.parse.parse_qs(url.query)
    assert {"X-Amz-Signature", "X-Amz-Credential", "X-Amz-Expires"} <= set(query)
    assert query["X-Amz-Expires"] == [str(5 * 60)]
    with urllib.request.urlopen(picture.image.url, timeout=10) as response:
        assert response.headers["Content-Type"] == "image/webp"
        assert Image.open(io.BytesIO(response.read())).format == "WEBP"
    # The card the wall shows links samtale's checked URL, never the bucket's; to someone
    # who may see the card it answers with a fresh signed URL (wall/access.py).
    html = domain.card_html(card)
    thumbnail = f"/wall/pictures/{picture.pk}/thumbnail/"
    assert thumbnail in html
    assert "X-Amz-Signature" not in html
    assert admin_client.get(thumbnail).status_code == 302
    signed = admin_client.get(thumbnail)["Location"]
    assert urllib.parse.urlsplit(signed).path == f"/{BUCKET}/{picture.thumbnail.name}"
    assert admin_client.get(thumbnail)["Cache-Control"] == "private, max-age=240"
    with urllib.request.urlopen(signed, timeout=10) as response:
        assert Image.open(io.BytesIO(response.read())).format == "WEBP"
    assert Client().get(thumbnail).status_code == 404  # someone who has not joined


def test_removing_a_picture_removes_its_objects(s3_settings, bucket, card):
    picture = domain.card_image_add(card=card, data=jpeg_with_exif(), alt="Tavla vår")
    names = [picture.image.name, picture.thumbnail.name]

    domain.card_image_remove(picture=picture)

    listed = bucket.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    assert not {item["Key"] for item in listed} & set(names)
