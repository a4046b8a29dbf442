"""The sentences of a report's narrative, joined over wrapped lines, each with its matching copy.

Patterns read a matching copy of each sentence (NFKC, simplified, no whitespace, no thousands
separators); the sentence as printed and its page/line travel with it as evidence.
"""

from __future__ import annotations

import hashlib
import re
import threading
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain
from typing import NamedTuple, TypeVar

from ..model import Location, Report, Section, TextBlock
from ..model.quick import builder, quick_init
from ..textnorm import MARKS, is_page_number, squash, squash_all, squash_marked

T = TypeVar("T")


@quick_init
@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of the narrative, possibly spread over several printed lines (built
    without the frozen ``__init__``'s five ``object.__setattr__`` calls: a report has dozens,
    made again for each check)."""

    text: str
    #: the matching copy the patterns read (NFKC, simplified, no spaces, 1,234 → 1234)
    norm: str
    section: int | None
    location: Location
    #: (offset in ``norm``, location of the printed line that starts there)
    spans: tuple[tuple[int, Location], ...]

    def location_at(self, offset: int) -> Location:
        found = self.location
        for start, loc in self.spans:
            if start > offset:
                break
            found = loc
        return found


new_sentence = builder(Sentence)

#: a comma between digits before three more (1,234): the comma first, so the regex engine
#: looks for commas only
_THOUSANDS = re.compile(r",(?<=\d,)(?=\d{3}(?!\d))")
_MARKER = re.compile(
    r"^(?:#{1,6}\s*)?(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]"
    r"|\d{1,2}[、.．](?!\d)|[一二三四五六七八九十]是)"
)
#: the characters a ``_MARKER`` match opens with, besides a digit (``\d``: ``str.isdecimal``)
_MARKER_FIRST = "#（(一二三四五六七八九十"
_TERMINAL = "。！？!?"
_MIN_LINES = 12
#: a printed line's pieces, each ending after a sentence-ending mark (a closing quote stays
#: attached), the last one maybe at the line's end: a run of other characters and maybe its
#: marks, or marks alone. (The last piece of a line that does not end its sentence is read
#: once, not read, given back character by character, and read again. No choice matches
#: nothing: ``findall`` takes about a microsecond more for an empty match, which a pattern
#: ending in ``|$`` makes at every line's end.)
_PIECE = re.compile(rf"[^{_TERMINAL}]+(?:[{_TERMINAL}]+[”’」』\"]?)?|[{_TERMINAL}]+[”’」』\"]?")
#: ``_PIECE`` for a line whose only sentence-ending mark is 。 (most): the regex engine runs
#: past the characters other than one in a loop of its own, where it tests each against a set
#: for ``_PIECE``
_FULL_STOP_PIECE = re.compile(r"[^。]+(?:。+[”’」』\"]?)?|。+[”’」』\"]?")
#: a 。 that ``_FULL_STOP_PIECE`` keeps with what follows it: another 。 or a closing quote
_FULL_STOP_RUN = re.compile(r"。[。”’」』\"]")
#: marks a printed page number never ends with (after NFKC it ends with a digit, a dash or 页)
_PROSE_ENDS = "。，、；：）”"
#: the sentence-ending marks but 。
_OTHER_TERMINALS = _TERMINAL.replace("。", "")
_CLAUSE_MARK = re.compile(r"[。，；,;]")


def normalize(text: str) -> str:
    """The matching copy of a narrative fragment."""
    return _THOUSANDS.sub("", squash(text))


def normalize_all(texts: Sequence[str]) -> list[str]:
    """``[normalize(t) for t in texts]``, sooner (``textnorm.squash_all``); the thousands
    separators are looked for in each text only when the texts joined hold one (a text's
    match is one in the joined copy: a line break after it is no digit either)."""
    out = squash_all(texts)
    if _THOUSANDS.search("\n".join(out)):
        out = [_THOUSANDS.sub("", t) for t in out]
    return out


def _joiner(left: str, right: str) -> str:
    return " " if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() else ""


def full_width(blocks: Iterable[TextBlock]) -> float:
    """The length of a full printed line (PDF lines wrap at about the same length); infinite
    when there are too few lines to tell, so that only an open comma joins lines."""
    lengths = sorted(filter(None, map(len, map(str.strip, [b.text for b in blocks]))))
    if len(lengths) < _MIN_LINES:
        return float("inf")
    return float(lengths[int(len(lengths) * 0.8)])


def _left_open(before: str, width: float) -> bool:
    """Whether the line ``before`` (no heading) leaves its sentence open for the next line."""
    if before[-1:] in _TERMINAL or before.rstrip('”’」』"')[-1:] in _TERMINAL:
        return False
    return before[-1:] in "，,、：:；;（(“‘《" or len(before) >= 0.75 * width


def split_sentences(
    blocks: Iterable[TextBlock],
    section: int | None,
    width: float | None = None,
    norms: dict[str, str] | None = None,
) -> tuple[Sentence, ...]:
    """Join wrapped lines (a PDF breaks a sentence anywhere) and cut at 。！？.

    A line continues the previous one when that one stopped mid-sentence: at a comma, or at
    the full printed width (``width``: by default estimated from ``blocks``; pass the whole
    report's, see ``full_width``). A heading or a numbered item starts anew; page footers
    (-3-, 第3页) are dropped. ``norms`` keeps the matching copies of the pieces already seen,
    for a caller that splits the same lines again (the checker: the whole report, then each
    section's body): only a text holding one of ``_split_parts``'s marks is normalised a
    piece at a time, every other at once.
    """
    blocks = list(blocks)
    if width is None:
        width = full_width(b for b, _ in _kept(blocks))
    return _split_parts([(section, blocks)], width, norms)


#: a printed line kept for the narrative: its block and its text stripped
_Kept = tuple[TextBlock, str]
#: a kept line cut into its pieces (``_PIECE``'s matches)
_Line = tuple[TextBlock, str, list[str]]


def _kept(blocks: Iterable[TextBlock]) -> list[_Kept]:
    """The lines that are not page footers, each with its text stripped."""
    return [
        (b, t)
        for b in blocks
        # (a line ending as a sentence or a clause, or opening with a CJK ideograph but 第页共,
        # is prose, which ``is_page_number`` rules out at once: most lines are such, and its
        # regex search costs some 3,000 instructions)
        if (t := b.text.strip())
        and (
            t[-1] in _PROSE_ENDS
            or "\u4e00" <= (c := t[0]) <= "\u9fff"
            and c not in "第页共"
            or not is_page_number(b.text)
        )
    ]


def _any_in(chars: str, text: str) -> bool:
    """Whether ``text`` holds one of ``chars`` (a test each: a regex set would look at every
    character of ``text`` in turn)."""
    for c in chars:
        if c in text:
            return True
    return False


def _cut(lines: list[_Kept]) -> list[_Line]:
    """Each line cut into its pieces."""
    return [
        (b, t, (_PIECE if _any_in(_OTHER_TERMINALS, t) else _FULL_STOP_PIECE).findall(t))
        for b, t in lines
    ]


def _normalize_pieces(groups: Iterable[list[_Line]], norms: dict[str, str]) -> None:
    """Add the matching copy of every piece not in ``norms`` yet, all made in one call
    (``normalize_all``: a report's pieces at once, not a section's)."""
    fresh = list(
        dict.fromkeys(
            p for lines in groups for _, _, pieces in lines for p in pieces if p not in norms
        )
    )
    if fresh:
        norms.update(zip(fresh, normalize_all(fresh), strict=True))


def _split(
    lines: list[_Line], section: int | None, width: float, norms: dict[str, str]
) -> tuple[Sentence, ...]:
    """``split_sentences`` of lines already cut, their pieces in ``norms``, a piece at a time:
    ``_split_parts``'s way for a text that holds one of its marks."""
    out: list[Sentence] = []
    raw: list[str] = []
    norm: list[str] = []
    spans: list[tuple[int, Location]] = []
    size = 0  # len("".join(norm)), kept as the pieces come

    def flush() -> None:
        nonlocal size
        if size:
            out.append(
                new_sentence(
                    "".join(raw).strip(), "".join(norm), section, spans[0][1], tuple(spans)
                )
            )
        raw.clear()
        norm.clear()
        spans.clear()
        size = 0

    # a line continues the previous one unless either is a heading, it starts a numbered
    # item, or the previous one closed its sentence (each line's marker is matched once)
    before: str | None = None  # the previous line, None after a heading
    for block, text, pieces in lines:
        first = text[0]
        marker = (first in _MARKER_FIRST or first.isdecimal()) and _MARKER.match(text) is not None
        heading = block.kind == "heading"
        if raw and (heading or marker or before is None or not _left_open(before, width)):
            flush()
        if heading or (marker and len(text) <= 30 and not _CLAUSE_MARK.search(text)):
            before = None
        else:
            before = text
        location = block.location
        for piece in pieces:
            folded = norms[piece]
            ends = piece.rstrip('”’」』"')[-1:] in _TERMINAL
            if ends and not raw:
                # a sentence of one piece (most): what flush would make of it, made at once
                if folded:
                    out.append(
                        new_sentence(piece.strip(), folded, section, location, ((0, location),))
                    )
                continue
            if raw:
                raw.append(_joiner(raw[-1], piece))
            spans.append((size, location))
            raw.append(piece)
            norm.append(folded)
            size += len(folded)
            if ends:
                flush()
    if raw:
        flush()
    return tuple(out)


#: the marks ``_split_parts`` joins the printed lines with (``textnorm.MARKS``, which
#: normalising keeps apart): a sentence ends at ``_END``, and goes on with the next printed
#: line at ``_JOIN``; ``_OPEN``, a piece of its own between two ``_END``, opens a printed line
#: (so that no sentence's piece holds it: neither copy is cut to drop it)
_END, _JOIN, _OPEN = "\x00", "\x02", "\x03"
assert _END in MARKS and _JOIN in MARKS and _OPEN in MARKS
#: the marks before a line that starts anew (``_OPENING`` after a line that ends with a
#: sentence-ending mark, which an ``_END`` follows already, and before the first line)
_BREAK, _OPENING = _END + _OPEN + _END, _OPEN + _END
#: the characters a line leaves its sentence open with, whatever its length
_OPEN_ENDS = "，,、：:；;（(“‘《"
_QUOTES = '”’」』"'


def _split_parts(
    parts: Sequence[tuple[int | None, Sequence[TextBlock]]],
    width: float,
    norms: dict[str, str] | None = None,
) -> tuple[Sentence, ...]:
    """The sentences of each part's blocks (a section's, or the paragraphs outside them),
    page footers left out (``_kept``).

    The lines are joined into one text, with a mark where a sentence goes on over a line
    break (``_JOIN``) or a line starts anew (``_BREAK``, also between parts; its first
    ``_END`` left out after a sentence-ending mark, and before the first line: no empty piece
    between two), and an ``_END`` after each sentence-ending mark (``_PIECE``'s matches
    joined by it). One ``squash_marked`` of that text normalises every piece at once, and
    splitting both at ``_END`` gives each sentence as printed and its matching copy, and an
    ``_OPEN`` where each line starts anew: a Python step a line and a sentence, none a
    piece. A text that holds one of the marks itself is split a piece at a
    time (``_split``), as are its pieces normalised (``norms``: see ``split_sentences``)."""
    texts: list[str] = []  # each line's text, after the marks before it
    # each line's section, location, and the spans of a sentence on it alone: made once a
    # line, not once a sentence (most lines print several)
    lines: list[tuple[int | None, Location, tuple[tuple[int, Location]]]] = []
    joins = 0
    ends = 0  # the ``_END``s of the breaks
    ended = True  # whether the previous line ended with a sentence-ending mark
    long_ = 0.75 * width  # a line this long is taken to wrap where the page ends
    for section, blocks in parts:
        # the previous line, None after a heading or a line that ends its sentence
        before: str | None = None
        for block in blocks:
            # ``_kept``'s test, in this loop: no list of pairs a part
            text = block.text.strip()
            if not text:
                continue
            first = text[0]
            last = text[-1]  # (an ideograph a new string: taken once)
            if not (
                last in _PROSE_ENDS
                or "\u4e00" <= first <= "\u9fff"
                and first not in "第页共"
                or not is_page_number(block.text)
            ):
                continue
            # a line continues the previous one unless either is a heading, the previous one
            # closed its sentence (with a mark, at a clause mark or at the full printed
            # width) or is a numbered item's short title, or it starts a numbered item: the
            # markers (a regex each) told only of the lines after one left open (most lines
            # end with 。)
            heading = block.kind == "heading"
            if (
                before is not None
                and (before[-1] in _OPEN_ENDS or len(before) >= long_)
                and before.rstrip(_QUOTES)[-1:] not in _TERMINAL
                and not heading
                and not ((first in _MARKER_FIRST or first.isdecimal()) and _MARKER.match(text))
                and not (
                    len(before) <= 30
                    and ((c := before[0]) in _MARKER_FIRST or c.isdecimal())
                    and _MARKER.match(before)
                    and not _CLAUSE_MARK.search(before)
                )
            ):
                left = before[-1]
                spaced = left.isascii() and left.isalnum() and first.isascii()
                texts.append(_JOIN + " " if spaced else _JOIN)  # (Latin words kept apart)
                joins += 1
            elif ended:
                texts.append(_OPENING)
                ends += 1
            else:
                texts.append(_BREAK)
                ends += 2
            texts.append(text)
            # (a line ending with a sentence-ending mark leaves none open)
            ended = last in _TERMINAL
            before = None if heading or ended else text
            location = block.location
            lines.append((section, location, ((0, location),)))
    whole = "".join(texts)
    if (
        (whole.count(_JOIN) != joins if joins else _JOIN in whole)  # (``in``: a memchr)
        or whole.count(_OPEN) != len(lines) - joins
        or whole.count(_END) != ends
    ):
        # a text holds a mark (a PDF's unmapped glyph may print a control character)
        if norms is None:
            norms = {}
        cut = [(no, _cut(_kept(blocks))) for no, blocks in parts]
        _normalize_pieces((lines for _, lines in cut), norms)
        return tuple(s for no, lines in cut for s in _split(lines, no, width, norms))
    if _any_in(_OTHER_TERMINALS, whole):
        marked = _END.join(_PIECE.findall(whole))
    elif _FULL_STOP_RUN.search(whole):
        marked = _END.join(_FULL_STOP_PIECE.findall(whole))
    else:
        # every piece but the last ends with its one 。, which no quote follows: an ``_END``
        # after each 。 (one more after a last 。 makes an empty piece, no sentence), some
        # 4 µs sooner on a long report than the regex's pieces, a string each, joined
        marked = whole.replace("。", "。" + _END)
    folded = squash_marked(marked)
    if "," in folded:
        # (no mark is a digit: no separator is read across one)
        folded = _THOUSANDS.sub("", folded)
    out: list[Sentence] = []
    line = -1  # the line the next sentence starts on
    for raw, norm in zip(marked.split(_END), folded.split(_END), strict=True):
        if raw == _OPEN:
            line += 1
        elif joins and _JOIN in norm:
            # a sentence over several printed lines: where each line's part starts
            spans = []
            size = 0
            for k, part in enumerate(norm.split(_JOIN)):
                spans.append((size, lines[line + k][1]))
                size += len(part)
            if size:
                out.append(
                    new_sentence(
                        raw.replace(_JOIN, "").strip(),
                        norm.replace(_JOIN, ""),
                        lines[line][0],
                        spans[0][1],
                        tuple(spans),
                    )
                )
            line += len(spans) - 1
        elif norm:
            section, location, alone = lines[line]
            out.append(new_sentence(raw.strip(), norm, section, location, alone))
    return tuple(out)


class Joined:
    """Sentences' matching copies joined by line breaks, which no copy holds (``squash`` drops
    whitespace): a word, or a pattern that neither reads nor looks around a line break, is
    found in the joined text exactly where it is in some sentence. Looking for it once there
    tells which sentences hold it, instead of a test (a call and a scan) for every sentence,
    most of which hold none."""

    __slots__ = ("norms", "text", "_starts")

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        #: the sentences' matching copies, in order (``"".join`` of them is ``text`` without
        #: its line breaks, at a copy's cost where a ``replace`` scans the text first)
        self.norms = [s.norm for s in sentences]
        self.text = "\n".join(self.norms)
        starts = []
        at = 0
        for norm in self.norms:
            starts.append(at)
            at += len(norm) + 1
        self._starts = starts

    def holding(self, words: Iterable[str]) -> set[int]:
        """The indices of the sentences that hold one of ``words``."""
        found: set[int] = set()
        text, starts = self.text, self._starts
        for w in words:
            if len(w) > 1:
                found |= self._holding_word(w)
                continue
            at = text.find(w)
            while at >= 0:
                k = bisect_right(starts, at) - 1
                found.add(k)
                if k + 1 == len(starts):
                    break
                at = text.find(w, starts[k + 1])  # the next sentence on
        return found

    def _holding_word(self, word: str) -> set[int]:
        """``holding`` for one word of several characters, looked for by its compiled regex:
        ``str.find`` of a word of ideographs is three times slower than the regex's scan (its
        filter of the characters to skip, made of each character's low bits, lets through
        most ideographs); a single character it finds at once."""
        found: set[int] = set()
        text, starts = self.text, self._starts
        search = _literal(word)
        m = search(text)
        while m is not None:
            k = bisect_right(starts, m.start()) - 1
            found.add(k)
            if k + 1 == len(starts):
                break
            m = search(text, starts[k + 1])  # the next sentence on
        return found

    def index(self, offset: int) -> int:
        """The index of the sentence at ``offset`` of ``text``."""
        return bisect_right(self._starts, offset) - 1


@cache
def _literal(word: str) -> Callable[..., re.Match[str] | None]:
    """The ``search`` of a regex matching ``word`` literally (one per word, made once)."""
    return re.compile(re.escape(word)).search


def found_in(
    sentences: Sequence[Sentence],
    joined: Joined,
    words: Iterable[str],
    find: Callable[[Sentence], tuple[T, ...]],
) -> tuple[tuple[Sentence, tuple[T, ...]], ...]:
    """Each sentence where ``find`` finds something, with what it finds, tried only on those
    holding one of ``words`` (``joined``: theirs), one of which every find prints."""
    out = []
    for i in sorted(joined.holding(words)):
        found = find(sentences[i])
        if found:
            out.append((sentences[i], found))
    return tuple(out)


def section_blocks(report: Report, section: Section) -> tuple[TextBlock, ...]:
    """The section's paragraphs, or its text split into lines when the extractor kept none."""
    if section.paragraphs:
        return section.paragraphs
    if not section.text:
        return ()  # (a table's section, most often)
    return tuple(
        TextBlock(line, section.location) for line in section.text.splitlines() if line.strip()
    )


#: report_text's last results, by a digest of the paragraphs' text (least recently used first).
#: Bounded and keyed by digest so that a long ingest holds neither Reports nor their text.
_TEXT_CACHE: OrderedDict[bytes, str] = OrderedDict()
_TEXT_CACHE_SIZE = 4096
_TEXT_CACHE_LOCK = threading.Lock()  # the web app checks on a worker thread


def report_text(report: Report) -> str:
    """The whole narrative, normalised, without tables. Cached by the paragraphs' text, since
    a batch compares every report with every other (copied text across organs and years)."""
    digest = hashlib.blake2b(digest_size=16)
    for paragraph in report.paragraphs:
        digest.update(paragraph.text.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    key = digest.digest()
    with _TEXT_CACHE_LOCK:
        text = _TEXT_CACHE.get(key)
        if text is not None:
            _TEXT_CACHE.move_to_end(key)
            return text
    text = "".join(s.norm for s in sentences(report))
    with _TEXT_CACHE_LOCK:
        _TEXT_CACHE[key] = text
        if len(_TEXT_CACHE) > _TEXT_CACHE_SIZE:
            _TEXT_CACHE.popitem(last=False)
    return text


def sentences(
    report: Report,
    sections: Iterable[int] | None = None,
    norms: dict[str, str] | None = None,
    width: float | None = None,
) -> tuple[Sentence, ...]:
    """Every sentence of the narrative in reading order; ``sections`` limits it to those numbers.

    Paragraphs outside the six sections (title, 导语, 落款) come with ``section=None`` and are
    included only when ``sections`` is None. ``norms``: see ``split_sentences``; ``width``:
    ``report_width(report)``, for a caller that has it.
    """
    if sections is None:
        lines = report_lines(report)
        return _split_parts(lines.parts, lines.width if width is None else width, norms)
    wanted = set(sections)
    width = report_width(report) if width is None else width
    parts = [(sec.no, section_blocks(report, sec)) for sec in report.sections if sec.no in wanted]
    return _split_parts(parts, width, norms)


class ReportLines(NamedTuple):
    """A report's full printed width (``report_width``) and its narrative's lines, by part
    (title and 导语, each section, 落款), as ``sentences`` splits them (``split_lines``)."""

    width: float
    parts: list[tuple[int | None, Sequence[TextBlock]]]


def report_lines(report: Report) -> ReportLines:
    """The report's width and narrative lines, from one walk over its blocks."""
    sections = report.sections
    paragraphs = report.paragraphs
    parts: list[tuple[int | None, Sequence[TextBlock]]] = []
    every: list[TextBlock] = []  # the sections' blocks
    for sec in sections:
        blocks = sec.paragraphs or section_blocks(report, sec)
        every += blocks
        parts.append((sec.no, blocks))
    width = full_width(chain(paragraphs, every))
    # the paragraphs in no section and none a section's heading, before section 一 or after.
    # Most paragraphs are the sections' blocks, the same objects in the same order: told as
    # the walk comes to each (``is``). Another is compared with the blocks printing its text,
    # by identity (a set of their ids, made for the first) or equality (a TextBlock's hash is
    # its Location's, all fields)
    first = sections[0].location.line if sections else None
    before: list[TextBlock] = []
    after: list[TextBlock] = []
    headings: set[str] | None = None
    texts: set[str] = set()
    inside: set[int] | None = None
    k = 0  # the next block of ``every`` the walk may come to
    for p in paragraphs:
        if k < len(every) and p is every[k]:
            k += 1
            continue
        if headings is None:
            headings = {s.heading.strip() for s in sections}
            texts = {b.text for b in every}
        if p.text.strip() in headings:
            continue
        if p.text in texts:
            if inside is None:
                inside = set(map(id, every))
            if id(p) in inside or p in [b for b in every if b.text == p.text]:
                continue
        if first is None or (p.location.line or 0) < first:
            before.append(p)
        else:
            after.append(p)
    return ReportLines(width, [(None, before), *parts, (None, after)])


def split_lines(lines: ReportLines, norms: dict[str, str] | None = None) -> tuple[Sentence, ...]:
    """``sentences`` of the report ``lines`` are of (``norms``: see ``split_sentences``)."""
    return _split_parts(lines.parts, lines.width, norms)


def report_width(report: Report) -> float:
    """The full printed line length of the whole report (see ``full_width``)."""
    blocks = [
        *report.paragraphs,
        *(b for sec in report.sections for b in section_blocks(report, sec)),
    ]
    return full_width(blocks)


def section_text(report: Report, no: int) -> str | None:
    """The matching copy of a section's text (None when the section is absent)."""
    sec = report.section(no)
    if sec is None:
        return None
    blocks = section_blocks(report, sec)
    return "".join(s.norm for s in split_sentences(blocks, no, report_width(report)))
