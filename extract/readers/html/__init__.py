"""HTML reader: decoding, main-content selection, the block walk and table grids."""
