"""store stage of Parallax."""
