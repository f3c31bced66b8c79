"""HTML to a tagged PDF (PDF/UA-1) with WeasyPrint: the one way Stemme makes a PDF.

The PDF is made from a Django template's HTML, so its structure is the page's structure: the
headings, paragraphs, lists and tables become the PDF's structure tree (a screen reader reads it
in order, a table's cells are linked to their ``<th>``), ``<html lang>`` becomes the document's
language and ``<title>`` its title (shown by the viewer instead of the file name). Every font is
embedded. The letters' and the right of access's PDFs are made here.
"""

from weasyprint import HTML


def pdf_ua_from_html(html: str, *, base_url: str | None) -> bytes:
    """The PDF/UA-1 of ``html``; relative URLs in it are resolved against ``base_url`` (None
    when the HTML refers to nothing outside itself)."""
    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1")
