"""One module per command; each declares its click command, ``cli/app.py`` gathers them."""
