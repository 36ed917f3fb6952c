"""The report's title as printed at the top of converted markdown (reader.py)."""

from __future__ import annotations

# A title set over several heading lines ('# 某某局' / '# 2024年政府信息公开工作' / '# 年度报告')
# is at most this many lines; its running header repeats it on one line.
MAX_TITLE_LINES = 4


class PrintedTitle:
    """The report's title as printed at the top: the first text line and the heading lines right under it.

    A converter keeps a title set over two or three lines as that many
    headings (real-world-variations.md 'Titles, agencies and dates'), while a
    page's running header prints it on one line ('某某局2024年政府信息公开工作年度报告'),
    or only part of it: a line equal to consecutive title lines joined repeats the title.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.open = True

    def add(self, bare: str, heading: bool) -> None:
        """Take a text line (markers and spaces removed); the title ends at the first line that is no heading."""
        if not bare or not self.open:
            return
        if self.lines and not heading:
            self.open = False
            return
        self.lines.append(bare)
        self.open = len(self.lines) < MAX_TITLE_LINES

    def close(self) -> None:
        self.open = False

    def repeats(self, bare: str) -> bool:
        """Whether ``bare`` is some consecutive title lines joined (once the title is read)."""
        if not bare or not self.lines:
            return False
        n = len(self.lines)
        return any("".join(self.lines[a:b]) == bare for a in range(n) for b in range(a + 1, n + 1))
