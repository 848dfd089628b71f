"""Writing a PDF must not change how the rest of the process treats pictures."""

from PIL import ImageFile

from reports.exporters import pdf


def test_weasyprint_leaves_truncated_pictures_refused():
    # WeasyPrint sets LOAD_TRUNCATED_IMAGES at import; the wall's uploads rely on it being off.
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    pdf._weasyprint()
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
