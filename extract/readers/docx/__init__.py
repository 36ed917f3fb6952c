"""DOCX reader: the package (zip) with its limits, the body walk, list numbering."""
