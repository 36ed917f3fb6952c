"""Writers: ``write_<fmt>`` turn records into output files or streams."""
