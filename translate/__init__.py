"""translate stage of Parallax."""
