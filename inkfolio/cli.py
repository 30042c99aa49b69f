"""Command line: ``inkfolio build``, ``execute`` and ``check`` (what the invoke tasks run)."""

import argparse
import json
import logging
import sys

from inkfolio.build import build, execute


def build_parser():
    parser = argparse.ArgumentParser(prog="inkfolio", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="build the site into the output folder")
    build_cmd.add_argument("-s", "--settings", default="pelicanconf.py")
    build_cmd.add_argument("-o", "--output", help="output folder (default: the settings')")
    build_cmd.add_argument("--strict", action="store_true", help="fail on warnings too")
    build_cmd.add_argument(
        "-e",
        "--setting",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a setting; VALUE is JSON (text needs quotes: -e 'SITEURL=\"http://x\"')",
    )
    build_cmd.add_argument("-v", "--verbose", action="store_true")
    _notebook_options(build_cmd)
    build_cmd.add_argument(
        "--no-execute",
        action="store_true",
        help="never start a kernel: notebooks come from the cache (a miss is an error)",
    )
    execute_cmd = commands.add_parser(
        "execute", help="execute stale notebooks into the cache, build nothing"
    )
    execute_cmd.add_argument("-s", "--settings", default="pelicanconf.py")
    execute_cmd.add_argument(
        "--shard", metavar="I/N", help="only the I-th of N shares of the stale notebooks"
    )
    _notebook_options(execute_cmd)
    check_cmd = commands.add_parser(
        "check", help="check the built site: links, HTML, weight, third parties, secrets"
    )
    check_cmd.add_argument("-s", "--settings", default="pelicanconf.py")
    check_cmd.add_argument("-o", "--output", help="output folder (default: the settings')")
    check_cmd.add_argument(
        "--no-html", action="store_true", help="skip the HTML validator (it needs Java)"
    )
    return parser


def parse(argv=None):
    """The parsed command line (argparse exits with a message on a bad one)."""
    return build_parser().parse_args(argv)


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "check":
        from inkfolio.check import check_site

        problems = check_site(args.settings, args.output, validate_html=not args.no_html)
        sys.exit(1 if problems else 0)
    overrides = dict(_setting(parser, item) for item in getattr(args, "setting", []))
    if args.refresh:
        overrides["NOTEBOOK_REFRESH"] = args.refresh
    if args.command == "execute":
        sys.exit(execute(args.settings, overrides=overrides, shard=_shard(parser, args.shard)))
    if args.no_execute:
        overrides["NOTEBOOK_EXECUTE"] = "never"
    level = logging.INFO if args.verbose else logging.WARNING
    sys.exit(
        build(
            args.settings,
            output=args.output,
            overrides=overrides,
            strict=args.strict,
            verbosity=level,
        )
    )


def _notebook_options(command):
    command.add_argument(
        "--refresh",
        action="append",
        default=[],
        metavar="NAME",
        help="execute this notebook even if its result is cached (file name, with or without extension)",
    )


def _shard(parser, text):
    if not text:
        return None
    index, _, count = text.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        parser.error(f"--shard {text}: write it as I/N with 1 <= I <= N, e.g. --shard 1/3")
    return int(index), int(count)


def _setting(parser, item):
    name, _, value = item.partition("=")
    try:
        return name.strip(), json.loads(value)
    except json.JSONDecodeError:
        parser.error(f"-e {item}: the value is not JSON (text needs quotes)")
