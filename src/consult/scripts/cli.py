"""The `consult` console command: `consult <subcommand> --ini FILE ...`."""

import argparse
import logging
import sys

from . import audit, database, digests, hash_secret, import_comments, reindex, trash

# The command groups, in the order `consult --help` lists them.
GROUPS = (database, hash_secret, reindex, import_comments, audit, trash, digests)


def build_parser():
    parser = argparse.ArgumentParser(prog="consult", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for group in GROUPS:
        group.add_commands(commands)
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    logging.captureWarnings(True)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
