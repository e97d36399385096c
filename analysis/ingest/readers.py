"""Files -> text + metadata, with clear errors for input that cannot be read.

`read_bytes(name, data)` is what uploads and the command line share: it picks the reader
by the file's extension (.txt/.md text in any common encoding, .html/.htm through
trafilatura with the page's metadata, .pdf text layer through pypdf, .docx through
python-docx) and raises IngestError, naming the file and the problem, for anything that
cannot become an article. Nothing here trusts the input: names are cleaned for display,
sizes are checked before parsing, zip archives are checked before they are unpacked.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import re
import struct
import tomllib
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

TEXT_SUFFIXES = {".txt", ".md", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
PDF_SUFFIXES = {".pdf"}
DOCX_SUFFIXES = {".docx"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES | DOCX_SUFFIXES
META_FIELDS = ("title", "source", "url", "published", "author")
WESTERN_ENCODINGS = ("cp1252", "latin_1", "iso8859_15")

CONFIG_FILE = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"
DEFAULT_MAX_UPLOAD_MB = 25
MB = 1024 * 1024
# a .docx is a zip: refuse archives that would unpack to more than this, or that compress
# suspiciously well (zip bombs), before anything is unpacked
DOCX_MAX_UNPACKED = 200 * MB
DOCX_MAX_RATIO = 100
DOCX_MAX_MEMBERS = 5000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted Office files (and old .doc)
HTML_MIN_WORDS = 20  # less than this from a web page is navigation, not an article
# the longest text analysed, in characters (NEWSDASH_MAX_CHARS overrides it): texts are
# parsed in chunks (analysis.extract.nlp), so memory stays ~0.6 GB at this length, but some
# extractors take longer than linearly beyond it (docs/benchmarks.md)
MAX_CHARS = 1_000_000
MAX_CHARS_ENV = "NEWSDASH_MAX_CHARS"
NOT_ENGLISH = (
    "The text does not look like English: the language model is English, so names, "
    "dates and quotes may be missed or wrong."
)
# the most frequent English words: a share this small means the text is in another language
ENGLISH_WORDS = frozenset(
    """the of and to a in is that for it was on with he as his at by be this had from are
    but not or have an they which one were her all she there been their has would will who
    said its we more after when also about than into over new up out two last first year
    years people could other them government president told him some no only just""".split()  # noqa: SIM905
)


class IngestError(ValueError):
    """An input that cannot become an article; the message names the file and the problem."""


@dataclass(slots=True)
class Document:
    text: str
    file: str
    title: str = ""
    source: str = ""
    url: str = ""
    published: str | None = None
    author: str = ""
    # what the analyst should know about this file (no date found, not English, ...)
    warnings: list[str] = field(default_factory=list)


def display_name(name: str) -> str:
    """A file name safe to show: last path component, no control characters, bounded."""
    base = re.split(r"[\\/]", str(name))[-1]
    base = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in base)
    base = re.sub(r"\s+", " ", base).strip().lstrip(".") or "unnamed file"
    return base if len(base) <= 120 else base[:100] + "…" + base[-19:]


def max_chars() -> int:
    """The longest text accepted: NEWSDASH_MAX_CHARS, else MAX_CHARS."""
    try:
        return int(os.environ.get(MAX_CHARS_ENV) or MAX_CHARS)
    except ValueError:
        return MAX_CHARS


def upload_limit_mb(config: Path = CONFIG_FILE) -> int:
    """The largest upload in MB: `server.maxUploadSize` of .streamlit/config.toml."""
    try:
        settings = tomllib.loads(config.read_text(encoding="utf-8"))
        return int(settings["server"]["maxUploadSize"])
    except (OSError, KeyError, TypeError, ValueError):
        return DEFAULT_MAX_UPLOAD_MB


def decode(data: bytes, name: str) -> str:
    """Bytes -> text: BOMs first, then UTF-8, then a detected legacy encoding."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise IngestError(f"{name}: broken {encoding.upper()} text") from None
    if b"\x00" in data[:4096]:
        raise IngestError(f"{name}: looks like binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only for text that is not UTF-8

    matches = list(from_bytes(data))
    if not matches:
        raise IngestError(f"{name}: looks like binary data, not text (no text encoding fits)")
    # short texts fit several code pages equally well: prefer the Western one news uses most
    tied = [m for m in matches if m.chaos <= matches[0].chaos]
    best = next((m for m in tied if m.encoding in WESTERN_ENCODINGS), matches[0])
    return str(best)


def clean_text(text: str, name: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        detail = "it is empty" if not text else "only whitespace"
        raise IngestError(f"{name}: the file has no text ({detail})")
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t\f\v")
    if controls > max(2, len(text) // 100):
        raise IngestError(f"{name}: looks like binary data, not text")
    return text


def valid_date(value: str | None) -> str | None:
    if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)[:10]):
        return str(value)[:10]
    return None


def text_warnings(text: str) -> list[str]:
    """Warnings about a text the English model will read badly."""
    letters = [c for c in text[:200_000] if c.isalpha()]
    if len(letters) < 40:
        return []
    if sum(c.isascii() for c in letters) < 0.5 * len(letters):
        return [NOT_ENGLISH]
    words = re.findall(r"[^\W\d_]+", text[:200_000].lower())
    if len(words) >= 15 and sum(w in ENGLISH_WORDS for w in words) < 0.12 * len(words):
        return [NOT_ENGLISH]
    return []


# -- titles ------------------------------------------------------------------------------

TITLE_MAX_CHARS = 200
TITLE_LINES = 8  # the lines of a text a headline may be on, after captions and bylines
# lines a page copied as text starts with that are not its headline
CREDIT_AT_END = re.compile(  # "(Jonas Berg/Coastline Radio)", "(Photo: Reuters)", "Getty Images"
    r"(?:\((?:photo|photograph|image|picture|file photo|credit)\b[^()]{0,80}\)"
    r"|\([^()/]{2,60}/[^()/]{2,60}\)"
    r"|/\s*(?:getty images|reuters|afp|ap|epa|the canadian press)"
    r"|\bgetty images|\bshutterstock)\s*\.?$",
    re.I,
)
CAPTION_START = re.compile(
    r"^(?:photo|photograph|image|image caption|image source|picture|pictured|caption|credit"
    r"|file photo|watch|video|listen)\b\s*[:|,-]",
    re.I,
)
# "By Mia Holt", "From Sam Reyes · Harbour Daily": a name follows (a capital letter)
BYLINE = re.compile(r"^(?:[Bb]y|BY|[Ff]rom|[Ww]ritten by|[Rr]eporting by)\s+[A-Z]")
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
STAMP = re.compile(  # "Posted: Mar 03, 2025 6:15 AM", "21 March 2025", "2025-03-03", "4 min read"
    r"^(?:posted|published|updated|last updated|first published|modified)\b"
    rf"|^\W*(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(?:\d{{1,2}}\s+{MONTH}"
    rf"|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?)(?:,?\s+\d{{4}})?"
    r"(?:[\s,]+\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?\W*$"
    r"|^\W*\d{4}-\d{2}-\d{2}\b|\b\d+\s+min(?:ute)?s?\s+read\b",
    re.I,
)


def is_layout_line(line: str) -> bool:
    """A photo caption or credit, a byline or a time stamp: what pages copied as text
    often start with, and never the headline."""
    line = line.strip().strip("*_").strip()
    return bool(
        CREDIT_AT_END.search(line)
        or CAPTION_START.match(line)
        or (BYLINE.match(line) and len(line.split()) <= 12)
        or STAMP.search(line)
    )


def title_from_text(text: str) -> str:
    """The title a text gives itself: its first line that is not a caption, a credit, a
    byline or a time stamp (a Markdown heading's marks removed), else its first line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines[:TITLE_LINES]:
        if not is_layout_line(line):
            return line.lstrip("#").strip().strip("*_").strip()[:TITLE_MAX_CHARS]
    return lines[0].lstrip("#").strip()[:TITLE_MAX_CHARS] if lines else ""


PLACEHOLDER_TITLE = re.compile(  # what word processors put in a document's title field
    r"^(?:untitled|document\s*\d*|title|microsoft word\s*-.*|.*\.(?:docx?|pdf|txt|rtf|odt))$",
    re.I,
)


def metadata_title(value: object, file: str) -> str:
    """A document's own title (PDF or DOCX metadata), unless it is a placeholder
    ("Untitled", "Microsoft Word - draft.docx") or the file's name."""
    title = " ".join(str(value or "").split())
    if PLACEHOLDER_TITLE.fullmatch(title) or title.casefold() == Path(file).stem.casefold():
        return ""
    return title


# -- readers, one per kind of file -------------------------------------------------------
# What each parsing library raises on damaged or hostile input: bad input, told to the
# analyst as such. Anything else (TypeError, AttributeError, NameError ...) is a bug here
# or in a library: it is not caught, so the caller logs it with its traceback.
_DAMAGED = (ValueError, KeyError, IndexError, EOFError, OSError, zlib.error, struct.error,
            RecursionError, NotImplementedError)  # fmt: skip
ZIP_ERRORS = (zipfile.BadZipFile, *_DAMAGED)


def _lxml_error() -> tuple[type[Exception], ...]:
    from lxml.etree import LxmlError

    return (LxmlError,)


def _pdf_errors() -> tuple[type[Exception], ...]:
    from pypdf.errors import PyPdfError

    return (PyPdfError, *_DAMAGED)


def _docx_errors() -> tuple[type[Exception], ...]:
    from docx.exceptions import PythonDocxError
    from docx.opc.exceptions import OpcError

    return (PythonDocxError, OpcError, *_lxml_error(), *ZIP_ERRORS)


def _read_text(name: str, data: bytes) -> Document:
    text = clean_text(decode(data, name), name)
    title = ""
    if name.lower().endswith(".md"):
        heading = re.search(r"^\s*#{1,6}\s+(.+?)\s*#*\s*$", text, re.M)
        title = heading.group(1) if heading else ""
    return Document(text=text, file=name, title=title)


def _read_html(name: str, data: bytes) -> Document:
    import trafilatura

    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise IngestError(f"{name}: looks like binary data, not a web page")
    html = decode(data, name)
    try:
        found = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"original_date": True, "extensive_search": False},
        )
    except (*_lxml_error(), *_DAMAGED) as error:
        raise IngestError(f"{name}: cannot read the web page ({type(error).__name__})") from None
    text = (getattr(found, "text", None) or "").strip() if found else ""
    if len(text.split()) < HTML_MIN_WORDS:
        raise IngestError(
            f"{name}: no article text found in the web page"
            + (f" (only {len(text.split())} word(s) of menus or boilerplate)" if text else "")
        )
    return Document(
        text=clean_text(text, name),
        file=name,
        title=(found.title or "").strip(),
        source=(found.sitename or found.hostname or "").strip(),
        url=(found.url or "").strip(),
        published=valid_date(found.date),
        author=(found.author or "").strip(),
    )


def _read_pdf(name: str, data: bytes) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise IngestError(f"{name}: not a PDF file (corrupt, or another kind of file)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except (DependencyError, NotImplementedError):
                opened = False
            if not opened:
                raise IngestError(
                    f"{name}: the PDF is password-protected (encrypted); "
                    "save a copy without a password and upload that"
                )
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata or {}
        title = metadata_title(info.get("/Title"), name)
        author = str(info.get("/Author") or "").strip()
    except IngestError:
        raise
    except _pdf_errors() as error:
        raise IngestError(
            f"{name}: the PDF is corrupt or damaged ({type(error).__name__})"
        ) from None
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if not text.strip():
        raise IngestError(
            f"{name}: the PDF has no text layer (a scanned image?): run it through OCR first"
        )
    return Document(text=clean_text(text, name), file=name, title=title, author=author)


def _check_zip(name: str, data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except ZIP_ERRORS:
        raise IngestError(f"{name}: the DOCX is corrupt (not a readable Word document)") from None
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if (
        len(members) > DOCX_MAX_MEMBERS
        or unpacked > DOCX_MAX_UNPACKED
        or (unpacked > MB and unpacked / packed > DOCX_MAX_RATIO)
    ):
        raise IngestError(
            f"{name}: refused: the DOCX would unpack to {unpacked / MB:,.0f} MB "
            f"from {len(data) / MB:,.1f} MB (a zip bomb?)"
        )
    if "word/document.xml" not in {m.filename for m in members}:
        raise IngestError(f"{name}: the DOCX is corrupt (it has no word/document.xml)")


def _read_docx(name: str, data: bytes) -> Document:
    import docx

    if data.startswith(OLE_MAGIC):
        raise IngestError(
            f"{name}: the DOCX is password-protected (encrypted), or an old .doc file; "
            "save it as an unprotected .docx and upload that"
        )
    _check_zip(name, data)
    try:
        document = docx.Document(io.BytesIO(data))
        paragraphs = [p.text.strip() for p in document.paragraphs]
        core = document.core_properties
        title, author = metadata_title(core.title, name), (core.author or "").strip()
    except _docx_errors() as error:
        raise IngestError(
            f"{name}: the DOCX is corrupt (not a readable Word document: {type(error).__name__})"
        ) from None
    text = "\n\n".join(p for p in paragraphs if p)
    return Document(text=clean_text(text, name), file=name, title=title, author=author)


READERS = {
    **dict.fromkeys(TEXT_SUFFIXES, _read_text),
    **dict.fromkeys(HTML_SUFFIXES, _read_html),
    **dict.fromkeys(PDF_SUFFIXES, _read_pdf),
    **dict.fromkeys(DOCX_SUFFIXES, _read_docx),
}


def read_bytes(name: str, data: bytes, max_bytes: int | None = None) -> Document:
    """An uploaded or read file -> Document; IngestError naming the file when it cannot be.

    `max_bytes` defaults to the upload limit of .streamlit/config.toml. The Document's
    `file` is the cleaned display name; `warnings` says what the analyst should know.
    """
    shown = display_name(name)
    suffix = Path(shown).suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        kinds = ", ".join(sorted(SUFFIXES))
        raise IngestError(f"{shown}: unsupported file type '{suffix or 'none'}' (use {kinds})")
    limit = max_bytes if max_bytes is not None else upload_limit_mb() * MB
    if len(data) > limit:
        raise IngestError(
            f"{shown}: the file is {len(data) / MB:,.1f} MB, over the {limit / MB:,.0f} MB "
            "limit (server.maxUploadSize)"
        )
    if not data:
        raise IngestError(f"{shown}: the file has no text (it is empty)")
    document = reader(shown, data)
    if len(document.text) > (longest := max_chars()):
        raise IngestError(
            f"{shown}: the text is too long to analyse ({len(document.text):,} characters, "
            f"{len(document.text.split()):,} words; the limit is {longest:,} characters, "
            f"set by {MAX_CHARS_ENV}): split it into parts"
        )
    document.file = shown
    document.title = " ".join(document.title.split())[:300]
    document.warnings = text_warnings(document.text)
    return document


def read_meta(path: Path) -> dict:
    """Metadata from X.meta.json beside X.txt (the format of seeds/*.meta.json)."""
    meta_path = path.with_suffix(".meta.json")
    if not meta_path.exists():
        return {}
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise IngestError(f"{meta_path.name}: unreadable metadata ({error})") from None
    return (
        {key: meta.get(key) for key in META_FIELDS if meta.get(key)}
        if isinstance(meta, dict)
        else {}
    )


def read_file(path: str | Path, max_bytes: int | None = None) -> Document:
    """A file on disk -> Document; X.meta.json beside it overrides what the file says."""
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise IngestError(f"{display_name(path.name)}: unsupported file type '{path.suffix}'")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(
            f"{display_name(path.name)}: cannot read the file ({error.strerror})"
        ) from None
    document = read_bytes(path.name, data, max_bytes)
    meta = read_meta(path)
    for key in ("title", "source", "url", "author"):
        if meta.get(key):
            setattr(document, key, str(meta[key]))
    document.published = valid_date(meta.get("published")) or document.published
    return document
