"""Statistics: capture–recapture completeness, indicators with intervals, data-quality scores."""
