"""The plan and its results in plain English and 中文 (plan in words, report text, findings)."""
