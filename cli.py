"""Thin launcher so that ``python cli.py ...`` works in a checkout without installing."""

from policy_kit.cli import main

if __name__ == "__main__":
    main()
