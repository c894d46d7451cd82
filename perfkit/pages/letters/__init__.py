"""Per-agent plan letters (个人绩效方案确认书): the plan in words, a what-if table priced by
the payout engine, and a signature line; HTML and PDF, one per agent plus an index.
"""

from perfkit.pages.letters.batch import Batch, write_letters
from perfkit.pages.letters.whatif import LEVELS, what_if

__all__ = ["LEVELS", "Batch", "what_if", "write_letters"]
