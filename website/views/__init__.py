"""Admin views for editorial work: the sharing view and the review report."""
