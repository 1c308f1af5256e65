"""The one way Schakel writes PDF documents (minutes, the yearly report): fpdf2 with the
bundled DejaVu Sans, so every Latin, Cyrillic and Polish character prints the same on every
machine without system fonts."""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"


class SchakelPDF(FPDF):
    """A4 portrait with Schakel's header line, page numbers and a classification footer."""

    def __init__(self, *, title: str, classification: str = "") -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.document_title = title
        self.classification = classification or _("Vertrouwelijk — alleen voor de geadresseerde")
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_title(title)
        self.set_creator("Schakel")
        self.set_lang("nl")
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)
        self.add_page()

    def header(self) -> None:
        self.set_font(FONT, "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, f"Schakel · {self.document_title}", new_x="LMARGIN", new_y="NEXT")
        self.ln(2)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, "", 8)
        self.set_text_color(90, 90, 90)
        printed = timezone.localtime().strftime("%d-%m-%Y %H:%M")
        self.cell(0, 5, f"{self.classification} · {printed} · {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0, 0, 0)

    def heading(self, text: str, level: int = 1) -> None:
        self.set_font(FONT, "B", {1: 16, 2: 13, 3: 11}.get(level, 11))
        self.multi_cell(0, 7, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def paragraph(self, text: str, size: int = 10) -> None:
        self.set_font(FONT, "", size)
        # Left-aligned, not justified: justified lines stretch spaces, which also makes the
        # text harder to search in the PDF.
        self.multi_cell(0, 5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def table_rows(self, header: list[str], rows: list[list[str]]) -> None:
        """A simple bordered table; the header row repeats on each page."""
        self.set_font(FONT, "", 9)
        with self.table(first_row_as_headings=True, repeat_headings=1, text_align="LEFT") as table:
            head = table.row()
            for cell in header:
                head.cell(cell)
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(str(value))
        self.ln(2)

    def output_bytes(self) -> bytes:
        return bytes(self.output())
