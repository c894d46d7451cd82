"""Monthly performance review on the floor (绩效面谈): sheets, coaching, monitoring."""

from perfkit.pages.review.month import MonthReview, review_month

__all__ = ["MonthReview", "review_month"]
