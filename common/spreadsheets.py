"""What a spreadsheet reads as a formula rather than as text."""

# A cell whose text starts with one of these is a formula in Excel and LibreOffice
# (=cmd|' /C calc'!A0), also in a CSV file opened there.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def starts_like_formula(value: str) -> bool:
    return value[:1] in FORMULA_STARTS
