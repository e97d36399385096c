"""Files -> text + metadata, with clear errors for input that cannot be read."""

from __future__ import annotations

import codecs
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

TEXT_SUFFIXES = {".txt", ".md", ".text"}
META_FIELDS = ("title", "source", "url", "published")
WESTERN_ENCODINGS = ("cp1252", "latin_1", "iso8859_15")


class IngestError(ValueError):
    """An input that cannot become an article; the message names the problem."""


@dataclass(slots=True)
class Document:
    text: str
    file: str
    title: str = ""
    source: str = ""
    url: str = ""
    published: str | None = None


def decode(data: bytes, name: str) -> str:
    """Bytes -> text: BOMs first, then UTF-8, then a detected legacy encoding."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding)
    if b"\x00" in data[:4096]:
        raise IngestError(f"{name}: looks like binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    matches = list(from_bytes(data))
    if not matches:
        raise IngestError(f"{name}: cannot tell the text encoding")
    # short texts fit several code pages equally well: prefer the Western one news uses most
    tied = [m for m in matches if m.chaos <= matches[0].chaos]
    best = next((m for m in tied if m.encoding in WESTERN_ENCODINGS), matches[0])
    return str(best)


def clean_text(text: str, name: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise IngestError(f"{name}: the file has no text")
    return text


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


def valid_date(value: str | None) -> str | None:
    if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)[:10]):
        return str(value)[:10]
    return None


def read_file(path: str | Path) -> Document:
    path = Path(path)
    if path.suffix.lower() not in TEXT_SUFFIXES:
        raise IngestError(f"{path.name}: unsupported file type '{path.suffix}'")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(f"{path.name}: cannot read the file ({error.strerror})") from None
    text = clean_text(decode(data, path.name), path.name)
    meta = read_meta(path)
    return Document(
        text=text,
        file=path.name,
        title=str(meta.get("title") or ""),
        source=str(meta.get("source") or ""),
        url=str(meta.get("url") or ""),
        published=valid_date(meta.get("published")),
    )
