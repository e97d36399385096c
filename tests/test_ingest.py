"""Files -> text and metadata."""

import json

import pytest

from analysis.ingest import IngestError, decode, read_file


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Café in Zürich".encode(), "Café in Zürich"),
        ("\ufeffCafé".encode(), "Café"),
        ("Café à Paris, déjà vu".encode("utf-16"), "Café à Paris, déjà vu"),
        (
            "Café crème brûlée in the café near the château".encode("cp1252"),
            "Café crème brûlée in the café near the château",
        ),
    ],
)
def test_decode(data, expected):
    assert decode(data, "x.txt") == expected


def test_reads_metadata_beside_the_file(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Body text.", encoding="utf-8")
    meta = {
        "title": "A title",
        "source": "Wire",
        "url": "https://x.org/a",
        "published": "2024-10-08",
    }
    path.with_suffix(".meta.json").write_text(json.dumps(meta), encoding="utf-8")
    document = read_file(path)
    assert (document.title, document.source, document.published, document.file) == (
        "A title",
        "Wire",
        "2024-10-08",
        "story.txt",
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "no text"),
        ("blank.txt", b" \n\t\n", "no text"),
        ("binary.txt", b"\x00\x01\x02\x00" * 50, "binary"),
        ("image.png", b"\x89PNG", "unsupported"),
    ],
)
def test_bad_files_get_a_clear_message(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(IngestError, match=message) as error:
        read_file(path)
    assert name in str(error.value)
