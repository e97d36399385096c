"""Files -> text and metadata."""

import importlib
import io
import json
import random
import re
import tomllib
import zipfile
from collections import Counter

import pytest

from analysis.ingest.readers import (
    MAX_CHARS,
    NOT_ENGLISH,
    IngestError,
    decode,
    display_name,
    metadata_title,
    read_bytes,
    read_file,
    title_from_text,
    upload_limit_mb,
)
from tests.conftest import ROOT


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


# -- uploads: read_bytes, one test per kind of file and per kind of bad input -------------


NEWS = (
    "Angela Merkel met Emmanuel Macron in Paris on Monday. The two leaders discussed the "
    "budget of the European Union, officials said after the meeting at the Elysee Palace."
)


def make_pdf(text: str | None, password: str | None = None, title: str = "") -> bytes:
    """A one-page PDF; with `text` None the page has no text layer (as a scan would)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    if text is not None:
        font = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
        )
        lines = "".join(f"({line}) Tj T* " for line in text.split("\n"))
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 11 Tf 14 TL 72 720 Td {lines}ET".encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
    if title:
        writer.add_metadata({"/Title": title})
    if password:
        writer.encrypt(password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(paragraphs: list[str], title: str = "") -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.core_properties.title = title
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def article_html(body: str, head: str = "") -> bytes:
    return (
        f"<!doctype html><html><head>{head}</head><body><nav><a href='/'>Home</a> | "
        f"<a href='/world'>World</a></nav><article>{body}</article>"
        "<footer>Copyright Example News</footer></body></html>"
    ).encode()


PAGE_HEAD = """<title>Merkel meets Macron | Example News</title>
<meta property="og:title" content="Merkel meets Macron">
<meta property="og:site_name" content="Example News">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<link rel="canonical" href="https://news.example.org/merkel-macron">"""


def test_html_main_text_and_metadata():
    body = "<h1>Merkel meets Macron</h1>" + f"<p>{NEWS}</p>" * 3
    document = read_bytes("page.html", article_html(body, PAGE_HEAD))
    assert NEWS in document.text and "Home" not in document.text
    assert "Copyright" not in document.text
    assert (document.title, document.source, document.url, document.published) == (
        "Merkel meets Macron",
        "Example News",
        "https://news.example.org/merkel-macron",
        "2024-03-05",
    )
    assert document.author == "Jane Doe"


def test_html_without_a_date_says_none_and_never_today():
    document = read_bytes("page.htm", article_html(f"<p>{NEWS}</p>" * 3, "<title>T</title>"))
    assert document.published is None


def test_pdf_text_layer_and_title():
    document = read_bytes("story.pdf", make_pdf(NEWS.replace(". ", ".\n"), title="PDF story"))
    assert "Angela Merkel met Emmanuel Macron" in document.text
    assert document.title == "PDF story"


def test_docx_paragraphs_and_title():
    document = read_bytes("story.docx", make_docx(["Merkel meets Macron", NEWS], "Word story"))
    assert document.text == f"Merkel meets Macron\n\n{NEWS}"
    assert document.title == "Word story"


def test_markdown_title_from_its_heading():
    document = read_bytes("story.md", f"# Merkel in Paris\n\n{NEWS}\n".encode())
    assert document.title == "Merkel in Paris"


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("cp1252", "“Merkel’s visit” cost €5m – Café owners in Zürich said so."),
        ("latin-1", "Der Bürgermeister von Zürich traf François Hollande in Genève."),
        ("utf-16", "Café à Paris: Merkel and “Macron” met — déjà vu."),  # with its BOM
        ("utf-8-sig", "Café à Paris: Merkel and “Macron” met — déjà vu."),
    ],
)
def test_legacy_encodings_are_detected(encoding, text):
    data = text.encode(encoding)
    assert read_bytes(f"{encoding}.txt", data).text == text


# bad input: each case names the file and the problem
BAD_FILES = [
    ("empty.txt", lambda: b"", "has no text (it is empty)"),
    ("blank.txt", lambda: b" \n\t\r\n   \n", "has no text (only whitespace)"),
    ("binary.txt", lambda: bytes(range(256)) * 40, "binary data"),
    ("binary-no-nul.md", lambda: bytes(range(1, 32)) * 200, "binary data"),
    ("corrupt.pdf", lambda: b"%PDF-1.7\n" + bytes(range(256)) * 20, "corrupt"),
    ("not-a.pdf", lambda: b"<html>this is no PDF</html>", "not a PDF"),
    ("locked.pdf", lambda: make_pdf(NEWS, password="secret"), "password-protected"),
    ("scan.pdf", lambda: make_pdf(None), "no text layer"),
    ("corrupt.docx", lambda: make_docx([NEWS])[:700], "corrupt"),
    ("random.docx", lambda: b"PK\x03\x04" + bytes(range(256)) * 8, "corrupt"),
    ("locked.docx", lambda: bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 600, "password"),
    ("nav-only.html", lambda: article_html("<a href='/'>Home</a>"), "no article text"),
    ("empty-page.html", lambda: b"<html><body></body></html>", "no article text"),
    ("image.png", lambda: b"\x89PNG\r\n\x1a\n", "unsupported file type"),
]


@pytest.mark.parametrize(("name", "make", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_upload_gets_a_clear_message_naming_the_file(name, make, message):
    with pytest.raises(IngestError, match=re.escape(message)) as error:
        read_bytes(name, make())
    assert str(error.value).startswith(f"{name}: ")


def test_docx_zip_bomb_is_refused_before_unpacking():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00" * (20 * 1024 * 1024))
    data = out.getvalue()
    assert len(data) < 100_000
    with pytest.raises(IngestError, match="zip bomb") as error:
        read_bytes("bomb.docx", data)
    assert str(error.value).startswith("bomb.docx: refused")


def test_file_over_the_size_limit():
    with pytest.raises(IngestError, match=r"big\.txt: the file is 2\.0 MB, over the 1 MB limit"):
        read_bytes("big.txt", b"word " * (2 * 1024 * 1024 // 5 + 1), max_bytes=1024 * 1024)


def test_size_limit_comes_from_the_streamlit_config(tmp_path):
    assert upload_limit_mb() == 25
    config = tmp_path / "config.toml"
    config.write_text("[server]\nmaxUploadSize = 3\n")
    assert upload_limit_mb(config) == 3
    assert upload_limit_mb(tmp_path / "missing.toml") == 25


def test_text_too_long_for_the_model_is_refused():
    data = b"word " * (MAX_CHARS // 5 + 10)
    with pytest.raises(IngestError, match="too long to analyse"):
        read_bytes("huge.txt", data, max_bytes=10 * MAX_CHARS)


def test_hundred_thousand_words_are_read():
    data = (NEWS + "\n").encode() * (100_000 // len(NEWS.split()) + 1)
    document = read_bytes("long.txt", data)
    assert len(document.text.split()) >= 100_000


@pytest.mark.parametrize(
    ("text", "warned"),
    [
        (NEWS, False),
        (
            "Bundeskanzlerin Angela Merkel hat am Montag in Paris den französischen Präsidenten "
            "Emmanuel Macron getroffen. Die beiden sprachen über den Haushalt der Europäischen "
            "Union, wie Regierungssprecher nach dem Treffen im Élysée-Palast mitteilten.",
            True,
        ),
        (
            "Канцлер Германии Ангела Меркель встретилась в понедельник в Париже с президентом "
            "Франции Эмманюэлем Макроном. Они обсудили бюджет Европейского союза.",
            True,
        ),
    ],
    ids=["english", "german", "russian"],
)
def test_non_english_text_is_read_with_a_warning(text, warned):
    document = read_bytes("story.txt", text.encode())
    assert (NOT_ENGLISH in document.warnings) is warned


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\x\\report.txt", "report.txt"),
        ("<img src=x onerror=alert(1)>.txt", "<img src=x onerror=alert(1)>.txt"),
        ("tab\there\x00\x1b[31m.txt", "tab here [31m.txt"),
        ("line\nbreak\r.txt", "line break .txt"),
        ("/", "unnamed file"),
        ("x" * 300 + ".txt", "x" * 100 + "…" + "x" * 15 + ".txt"),
    ],
)
def test_file_names_are_cleaned_for_display(name, shown):
    assert display_name(name) == shown
    if shown.endswith(".txt"):
        assert read_bytes(name, NEWS.encode()).file == shown


def test_the_text_limit_is_configurable_and_stated_in_the_error(monkeypatch):
    monkeypatch.setenv("NEWSDASH_MAX_CHARS", "1000")
    assert read_bytes("short.txt", b"word " * 150).text  # 750 characters
    with pytest.raises(
        IngestError,
        match=r"long\.txt: the text is too long to analyse \(1,500 characters, 300 words; "
        r"the limit is 1,000 characters, set by NEWSDASH_MAX_CHARS\): split it into parts",
    ):
        read_bytes("long.txt", b"word " * 300)


def test_streamlit_upload_limit_and_xsrf_protection_are_configured():
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    server = settings["server"]
    assert server["enableXsrfProtection"] is True
    assert server.get("enableCORS", True) is True  # turning CORS off would weaken XSRF
    # the upload limit Streamlit enforces is the one the readers state and check
    assert server["maxUploadSize"] == upload_limit_mb()


def damaged(data: bytes, seed: int) -> bytes:
    """`data` cut short or with a few bytes overwritten (a deterministic mangling)."""
    rng = random.Random(seed)
    if seed % 3 == 0:
        return data[: rng.randrange(1, len(data))]
    mangled = bytearray(data)
    for _ in range(rng.randrange(1, 20)):
        mangled[rng.randrange(len(mangled))] = rng.randrange(256)
    return bytes(mangled)


@pytest.mark.parametrize("name", ["story.pdf", "story.docx", "page.html"])
def test_damaged_files_are_bad_input_never_an_unexpected_error(name):
    """What the parsing libraries raise on 150 damaged copies of a file is caught as bad
    input (IngestError with the reason), and nothing else escapes."""
    from tests.conftest import PAGE

    original = {
        "story.pdf": lambda: make_pdf(NEWS * 5, title="Story"),
        "story.docx": lambda: make_docx([NEWS] * 5, title="Story"),
        "page.html": lambda: PAGE.encode(),
    }[name]()
    outcomes = Counter()
    for seed in range(150):
        try:
            read_bytes(name, damaged(original, seed))
            outcomes["read"] += 1
        except IngestError as error:
            assert str(error).startswith(f"{name}: ")
            outcomes["refused"] += 1
    assert outcomes["refused"] > 0


@pytest.mark.parametrize(
    ("name", "make", "target"),
    [
        ("story.pdf", lambda: make_pdf(NEWS), "pypdf.PdfReader"),
        ("story.docx", lambda: make_docx([NEWS]), "docx.Document"),
        ("page.html", lambda: PAGE_HTML.encode(), "trafilatura.bare_extraction"),
    ],
)
def test_a_bug_while_reading_is_not_taken_for_a_damaged_file(monkeypatch, name, make, target):
    module, attribute = target.rsplit(".", 1)

    def buggy(*args, **kwargs):
        raise AttributeError("'NoneType' object has no attribute 'get'")

    data = make()
    monkeypatch.setattr(importlib.import_module(module), attribute, buggy)
    with pytest.raises(AttributeError, match="'NoneType' object has no attribute 'get'"):
        read_bytes(name, data)


@pytest.mark.parametrize(
    ("name", "make", "target", "error"),
    [
        ("story.pdf", lambda: make_pdf(NEWS), "pypdf.PdfReader", "pypdf.errors.PdfReadError"),
        ("story.docx", lambda: make_docx([NEWS]), "docx.Document",
         "docx.opc.exceptions.PackageNotFoundError"),
        ("page.html", lambda: PAGE_HTML.encode(), "trafilatura.bare_extraction",
         "lxml.etree.ParserError"),
    ],
)  # fmt: skip
def test_a_parsing_librarys_own_error_is_bad_input(monkeypatch, name, make, target, error):
    module, attribute = target.rsplit(".", 1)
    error_module, error_name = error.rsplit(".", 1)
    kind = getattr(importlib.import_module(error_module), error_name)

    def failing(*args, **kwargs):
        raise kind("damaged")

    data = make()
    monkeypatch.setattr(importlib.import_module(module), attribute, failing)
    with pytest.raises(IngestError, match=f"{re.escape(name)}: .*{error_name}"):
        read_bytes(name, data)


PAGE_HTML = (
    "<html><head><title>Talks</title></head><body><article>"
    + "<p>Olaf Scholz met Giorgia Meloni in Rome on Tuesday to talk about energy.</p>" * 4
    + "</article></body></html>"
)


# -- the title a text gives itself (issue 15) ---------------------------------------------

HEADLINE = "Harbour town votes to rebuild its ferry pier"


@pytest.mark.parametrize(
    "opening",
    [
        "",  # the headline first
        "Divers inspect the pier on Monday. (Mia Holt/Harbour Daily)\n",
        "Divers inspect the pier on Monday. (Photo: Mia Holt)\n",
        "The old pier after the storm in January. Getty Images\n",
        "Rescue crews at the pier. Lars Hagberg/AFP via Getty Images\n",
        "Photo: The pier at low tide\n",
        "Image caption, The pier at low tide\nImage source, Harbour Daily\n",
        "By Mia Holt\n",
        "By Mia Holt and Sam Reyes · Harbour Daily\nPosted: Mar 03, 2025 6:15 AM\n",
        "Published 2025-03-03\n",
        "21 March 2025\n",
        "*Updated March 4, 2025*\n",
    ],
)
def test_title_from_text_skips_captions_credits_bylines_and_stamps(opening):
    text = f"{opening}{HEADLINE}\n\nThe council voted on Monday to rebuild the pier."
    assert title_from_text(text) == HEADLINE


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (f"# {HEADLINE}\n\nBody.", HEADLINE),
        (f"   \n\n{HEADLINE}   \nBody.", HEADLINE),
        (
            "By the river, a town waits for its pier\n\nBody.",
            "By the river, a town waits for its pier",
        ),
        (
            "The council voted on Monday to rebuild the pier.",
            "The council voted on Monday to rebuild the pier.",
        ),
        (
            "Tariffs will stay, minister says (for now)\n\nBody.",
            "Tariffs will stay, minister says (for now)",
        ),
        ("By Mia Holt\n(Photo: Mia Holt)", "By Mia Holt"),  # nothing else: the first line
        ("", ""),
    ],
)
def test_title_from_text_cases(text, title):
    assert title_from_text(text) == title


@pytest.mark.parametrize(
    ("value", "title"),
    [
        (
            "Harbour town votes to rebuild its ferry pier",
            "Harbour town votes to rebuild its ferry pier",
        ),
        ("Microsoft Word - pier-story.docx", ""),
        ("Untitled", ""),
        ("Document1", ""),
        ("pier story.pdf", ""),
        ("story", ""),  # the file's own name
        (None, ""),
    ],
)
def test_metadata_titles_that_are_placeholders_are_dropped(value, title):
    assert metadata_title(value, "story.pdf") == title


def test_a_pdf_whose_title_is_a_placeholder_takes_none():
    document = read_bytes("story.pdf", make_pdf(NEWS, title="Microsoft Word - story.docx"))
    assert document.title == ""
