"""spiders stage of Parallax."""
