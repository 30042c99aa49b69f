"""Command line: ``inkfolio build`` (what ``invoke build`` runs)."""

import argparse
import logging
import sys

from inkfolio.build import build


def main(argv=None):
    parser = argparse.ArgumentParser(prog="inkfolio", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="build the site into the output folder")
    build_cmd.add_argument("-s", "--settings", default="pelicanconf.py")
    build_cmd.add_argument("-o", "--output", help="output folder (default: the settings')")
    build_cmd.add_argument("--strict", action="store_true", help="fail on warnings too")
    build_cmd.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    level = logging.INFO if args.verbose else logging.WARNING
    sys.exit(build(args.settings, output=args.output, strict=args.strict, verbosity=level))
