"""Pilot pages: the one-page pilot plan and the evaluation page, in en and 中文."""
