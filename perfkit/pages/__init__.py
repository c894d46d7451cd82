"""Client pages: papermill reports, charts, payslips, letters, reviews, goals and pilot pages."""
