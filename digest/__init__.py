"""digest stage of Parallax."""
