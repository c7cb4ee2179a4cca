"""Bytes to text: byte-order mark, strict UTF-8, a declared charset, mostly-ASCII cp1252, then detection.

The order matters. A byte-order mark is certain; valid UTF-8 is almost never anything else; a declared
charset (an HTML ``<meta charset>``) is the author's word; UTF-8 with a few broken bytes (a stray Latin-1 byte,
a file cut mid-character) is still UTF-8 when its valid non-ASCII characters outnumber the broken bytes, which
become U+FFFD; text that is mostly ASCII with a few high bytes is read as Windows-1252, by far the commonest
legacy encoding of English news (detectors guess badly on such text: "don’t" in cp1252 comes back as EBCDIC);
anything else goes to charset-normalizer, restricted to the encodings news text is actually written in, and
what it cannot place is cp1252 if that yields no control characters. NUL bytes without a UTF-16/32 byte-order
mark mean binary, unless they fill the high bytes of UTF-32 or nearly all of one lane of two (UTF-16), read so
when that gives no control characters; anything still unplaced is binary too.
"""

from __future__ import annotations

import codecs
import logging

from ..errors import InputError

log = logging.getLogger(__name__)

BINARY = "binary file, not text"
UTF16_NUL_SHARE = 0.1  # UTF-16 of Latin text has a NUL in nearly every other byte; of Cyrillic, at its spaces
UTF16_OTHER_LANE_SHARE = 0.2  # NULs in the other lane of two: low bytes that happen to be 00 ("Ā", "😀")

# UTF-32 before UTF-16: the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Candidates for detection, in order of preference when charset-normalizer finds several equally clean.
_DETECTABLE: tuple[str, ...] = (
    "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257", "koi8_r", "koi8_u",
    "shift_jis", "cp932", "euc_jp", "gb18030", "big5", "euc_kr", "cp1255", "cp1256",
    "iso8859_2", "iso8859_5", "iso8859_7",
)  # fmt: skip
_LEGACY_WESTERN_MAX_HIGH_SHARE = 0.10  # at most this share of bytes >= 0x80 for the cp1252 shortcut
_HIGH_BYTES = bytes(range(0x80, 0x100))
# A handful of high bytes is a typographic mark or two, whatever their share ("It’s £5." is 25% high bytes).
_FEW_HIGH_BYTES = 4
# Non-letters that Western text has; a cp1250 page misread as cp1252 shows ¹ ³ ¿ and the like instead.
_WESTERN_MARKS = frozenset("’‘“”„‚–—…€£•°§©®™«»‹›·\u00a0")
# What browsers do: a page labelled Latin-1 or ASCII is decoded as Windows-1252 (WHATWG Encoding).
_DECLARED_ALIASES = {"latin_1": "cp1252", "iso8859_1": "cp1252", "ascii": "cp1252"}


def decode_bytes(data: bytes, origin: str, declared: str | None = None) -> str:
    """Decode ``data`` to text with "\\n" newlines and no byte-order mark; InputError if it is not text.

    ``declared`` is a charset the document names for itself (tried after the BOM and strict UTF-8).
    """
    text = _from_bom(data, origin)
    if text is None:
        text = _without_bom(data, origin, declared)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _from_bom(data: bytes, origin: str) -> str | None:
    marked = [(bom, codec) for bom, codec in _BOMS if data.startswith(bom)]
    for bom, codec in marked:
        try:
            return data[len(bom) :].decode(codec)
        except UnicodeDecodeError:
            continue
    if marked:
        raise InputError(origin, f"not valid {marked[-1][1].upper()} text despite its byte-order mark")
    return None


def _without_bom(data: bytes, origin: str, declared: str | None) -> str:
    if b"\x00" in data:
        text = _bomless_utf16(data)
        if text is None:
            raise InputError(origin, BINARY)
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = (
        _declared(data, declared) or _mostly_utf8(data, origin) or _western(data) or _detect(data)
        or _printable_cp1252(data)
    )
    if text is None:
        raise InputError(origin, BINARY)
    return text


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-32 or UTF-16 without a byte-order mark: the NULs (high bytes of Latin characters) nearly all in one lane.
    Not all: the low byte of a character such as U+0100, U+2500 or an emoji's surrogate can be 00 as well."""
    for codec, top_byte in (("utf-32-le", 3), ("utf-32-be", 0)):  # no character needs the top byte of four
        if len(data) % 4 == 0 and data and not any(data[top_byte::4]):
            text = _decoded(data, codec)
            if text is not None:
                return text
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if max(even, odd) < UTF16_NUL_SHARE * (len(data) // 2) or len(data) % 2:  # one stray NUL is binary
        return None
    if min(even, odd) > UTF16_OTHER_LANE_SHARE * max(even, odd):
        return None
    return _decoded(data, "utf-16-le" if odd > even else "utf-16-be")


def _decoded(data: bytes, codec: str) -> str | None:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    return None if _has_controls(text) else text


def _mostly_utf8(data: bytes, origin: str) -> str | None:
    """UTF-8 with a few invalid bytes, each replaced by U+FFFD, when valid non-ASCII characters outnumber them."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = sum(ch >= "\x80" for ch in text) - text.count("\ufffd")
    if valid <= broken:
        return None
    log.info("%s: %d bytes that are not valid UTF-8 replaced by U+FFFD", origin, broken)
    return text


def _declared(data: bytes, declared: str | None) -> str | None:
    try:
        name = codecs.lookup(declared).name.replace("-", "_") if declared else None
        return data.decode(_DECLARED_ALIASES.get(name, name)) if name else None
    except (LookupError, UnicodeDecodeError):
        return None


def _western(data: bytes) -> str | None:
    """cp1252 for mostly-ASCII bytes whose high bytes read as Latin letters or typographic marks."""
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    if high > _FEW_HIGH_BYTES and high > _LEGACY_WESTERN_MAX_HIGH_SHARE * len(data):
        return None
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    plausible = all(ch < "\x80" or ch.isalpha() or ch in _WESTERN_MARKS for ch in text)
    return text if plausible else None


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data, cp_isolation=list(_DETECTABLE)))
    if not matches:
        return None
    least = min(m.chaos for m in matches)
    cleanest = [m for m in matches if m.chaos <= least]
    for codec in _DETECTABLE:
        if any(codec in m.could_be_from_charset for m in cleanest):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                continue
    return str(cleanest[0])


def _printable_cp1252(data: bytes) -> str | None:
    """Short snippets defeat detection; accept them as cp1252 if that gives no control characters."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    return None if _has_controls(text) else text


def _has_controls(text: str) -> bool:
    return any(ch < " " and ch not in "\t\n\r\f" for ch in text)
