"""Renderers: Report and findings → terminal, JSON, DOCX, HTML."""
