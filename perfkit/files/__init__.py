"""Reading and writing tables: the KPI export, blanks, formula-safe cells and atomic outputs."""
