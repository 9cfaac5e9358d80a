"""One module per ``coach`` subcommand; each has ``main(args) -> exit code``."""
