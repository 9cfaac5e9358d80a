"""The terminal front-end (``coach run --terminal``): the live player, its questions, its history."""
