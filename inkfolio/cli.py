"""Command line: ``inkfolio build`` (what ``invoke build`` runs)."""

import argparse
import json
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
    build_cmd.add_argument(
        "-e", "--setting", action="append", default=[], metavar="NAME=VALUE",
        help="override a setting; VALUE is JSON (text needs quotes: -e 'SITEURL=\"http://x\"')",
    )
    build_cmd.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    level = logging.INFO if args.verbose else logging.WARNING
    overrides = dict(_setting(parser, item) for item in args.setting)
    sys.exit(
        build(args.settings, output=args.output, overrides=overrides, strict=args.strict,
              verbosity=level)
    )


def _setting(parser, item):
    name, _, value = item.partition("=")
    try:
        return name.strip(), json.loads(value)
    except json.JSONDecodeError:
        parser.error(f"-e {item}: the value is not JSON (text needs quotes)")
