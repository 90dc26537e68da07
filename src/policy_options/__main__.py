"""``python -m policy_options``."""

from policy_options.cli.app import main

main()
