"""Full-text search in Kazakh, Russian and English, behind one interface."""
