"""The one en/zh text catalogue and its number formats."""
