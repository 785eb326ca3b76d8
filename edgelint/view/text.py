"""How wide text is drawn, so that it never overflows its box.

The pictures name ``Helvetica, Arial, 'DejaVu Sans', sans-serif``. Of these, DejaVu
Sans (the fallback on most Linux desktops and in headless Chromium) is the widest:
its advance widths are at or above Helvetica's and Arial's for every printable ASCII
character. Measuring with DejaVu Sans therefore gives a width that every named font
fits in. The tables below are DejaVu Sans 2.37's advance widths (Book and Bold) for
U+0020..U+007E in thousandths of an em; any other character counts
as wide as the widest of them.
"""

from __future__ import annotations

ELLIPSIS = "…"
_REGULAR = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337,
    636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531,
    1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
    603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500,
    500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
    635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
)
_BOLD = (
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365,
    696, 696, 696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580,
    1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850,
    733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500,
    500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687,
    716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
)
_FIRST = 0x20
_WIDE, _WIDE_BOLD = 1000, 1103  # outside the tables: at least the widest ASCII glyph
_SLACK = 1.02  # hinting and kerning differences between renderers


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` at ``size`` px in the widest of the named fonts."""
    table = _BOLD if bold else _REGULAR
    units = 0
    for ch in text:
        i = ord(ch) - _FIRST
        units += table[i] if 0 <= i < len(table) else (_WIDE_BOLD if bold else _WIDE)
    return units * size / 1000 * _SLACK


def fit_text(text: str, size: float, max_width: float, bold: bool = False, keep_end: bool = False) -> str:
    """``text``, or as much of it as fits in ``max_width`` with an ellipsis where the
    rest was: after the start, or (``keep_end``, for addresses and paths, whose end
    says the most) before the end."""
    if text_width(text, size, bold) <= max_width:
        return text
    room = max_width - text_width(ELLIPSIS, size, bold)
    low, high = 0, len(text)
    while low < high:  # the most characters that fit
        mid = (low + high + 1) // 2
        if text_width(text[len(text) - mid:] if keep_end else text[:mid], size, bold) <= room:
            low = mid
        else:
            high = mid - 1
    return ELLIPSIS + text[len(text) - low:].lstrip() if keep_end else text[:low].rstrip() + ELLIPSIS
