"""From article to map: draft records from a news report (issue 24): places, dates, events, review, accept."""
