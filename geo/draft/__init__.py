"""Drafting records from a news report (issue 24): date mentions, and the pieces the lead adds."""
