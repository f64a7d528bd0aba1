"""Monthly reports in HTML, PDF and Excel."""
