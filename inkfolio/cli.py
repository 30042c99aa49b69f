"""inkfolio: a static blog and portfolio generator for engineers, built on Pelican.

Run a command inside a site folder (or below it): its settings file is found there.
`inkfolio init DIR` starts a new site.
"""

import argparse
import json
import logging
import sys
from pathlib import Path

LOCAL_SETTINGS = "pelicanconf.py"
PRODUCTION_SETTINGS = "publishconf.py"


class SiteNotFound(Exception):
    pass


def build_parser():
    parser = argparse.ArgumentParser(prog="inkfolio", description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = commands.add_parser("init", help="start a new site in a new or empty folder")
    init.add_argument("folder", metavar="DIR")
    init.add_argument("--name", help="your name (any option given: nothing is asked)")
    init.add_argument("--headline", help="one line under your name, e.g. 'ML systems engineer'")
    init.add_argument("--github", help="your GitHub user name")
    init.add_argument("--url", help="the public address (default: https://<github>.github.io)")
    init.add_argument(
        "--publish",
        choices=("all", "marked"),
        help="publish every note (all, the default), or only notes marked `publish: true`",
    )

    build = commands.add_parser("build", help="build the site into its output folder")
    _settings_option(build)
    _output_option(build)
    build.add_argument("--strict", action="store_true", help="fail on warnings too")
    build.add_argument(
        "-e",
        "--setting",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a setting; VALUE is JSON (text needs quotes: -e 'SITEURL=\"http://x\"')",
    )
    build.add_argument("-v", "--verbose", action="store_true", help="log what Pelican does")
    _refresh_option(build)
    _no_execute_option(build)
    _runner_option(build)

    serve = commands.add_parser("serve", help="serve the built site as GitHub Pages would")
    _settings_option(serve)
    _output_option(serve)
    _address_options(serve)

    live = commands.add_parser("livereload", help="build, serve, rebuild and reload on each save")
    _settings_option(live)
    _output_option(live)
    _address_options(live)

    new = commands.add_parser("new", help='start an article: inkfolio new "Why loop order matters"')
    new.add_argument("title")
    new.add_argument("--folder", default="articles", help="where, inside content/")
    _settings_option(new)

    execute = commands.add_parser(
        "execute", help="execute stale notebooks into the cache, build nothing"
    )
    _settings_option(execute)
    execute.add_argument(
        "--shard", metavar="I/N", help="only the I-th of N shares of the stale notebooks"
    )
    _refresh_option(execute)
    _runner_option(execute)
    execute.add_argument(
        "--only",
        metavar="RUNNER",
        help="execute only the notebooks of this runner, or 'local' for those without one",
    )

    check = commands.add_parser(
        "check", help="check the built site: links, HTML, weight, third parties, secrets"
    )
    _settings_option(check)
    _output_option(check)
    check.add_argument(
        "--no-html", action="store_true", help="skip the HTML validator (it needs Java)"
    )

    publish = commands.add_parser(
        "publish", help="build for production, check, push output/ to the gh-pages branch"
    )
    _settings_option(publish, PRODUCTION_SETTINGS)
    publish.add_argument(
        "--allow-dirty", action="store_true", help="publish even with uncommitted content"
    )
    publish.add_argument("--remote", default="origin", help="the git remote to push to")
    publish.add_argument("--branch", default="gh-pages", help="the branch GitHub Pages serves")
    _no_execute_option(publish)

    sync = commands.add_parser(
        "sync-contributions", help="refresh content/data/contributions.yaml from GitHub"
    )
    _settings_option(sync)
    sync.add_argument("--user", help="GitHub user (default: GITHUB_USER in the settings)")
    sync.add_argument("--data", default=None, help="the file, inside the site")

    cv = commands.add_parser("cv", help="the résumé: export a CV variant as JSON Resume")
    cv_commands = cv.add_subparsers(dest="cv_command", required=True, metavar="COMMAND")
    export = cv_commands.add_parser(
        "export", help="print a variant as plain JSON Resume: inkfolio cv export ml-infra > cv.json"
    )
    export.add_argument(
        "variant", nargs="?", help="a variant of meta.variants (none: the whole CV)"
    )
    _settings_option(export)

    application = commands.add_parser(
        "application", help="a private page per job applied for: the letter, your work, your CV"
    )
    application_commands = application.add_subparsers(
        dest="application_command", required=True, metavar="COMMAND"
    )
    start = application_commands.add_parser(
        "new",
        help='start one: inkfolio application new "Acme — ML engineer" --variant ml-infra',
    )
    start.add_argument("title", help="the company and the role")
    start.add_argument("--variant", help="the CV variant to show (meta.variants; none: the CV)")
    _settings_option(start)

    override = commands.add_parser(
        "override", help="copy an engine template into theme/templates/ to change it"
    )
    override.add_argument("template", metavar="NAME", help="e.g. partials/meta.html")
    what = override.add_mutually_exclusive_group()
    what.add_argument("--diff", action="store_true", help="show the engine's copy against yours")
    what.add_argument(
        "--record", action="store_true", help="mark yours as up to date with the engine's copy"
    )
    _settings_option(override)
    return parser


def parse(argv=None):
    """The parsed command line (argparse exits with a message on a bad one)."""
    return build_parser().parse_args(argv)


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    from inkfolio.settings import SettingsError

    try:
        status = COMMANDS[args.command](parser, args)
    except (SiteNotFound, SettingsError) as error:
        print(f"inkfolio: {error}", file=sys.stderr)
        status = 1
    sys.exit(status)


# -- Commands: each returns the exit status.


def run_init(parser, args):
    from inkfolio import init

    given = (args.name, args.headline, args.github, args.url, args.publish)
    if all(option is None for option in given) and init.is_terminal():
        author = init.ask(init.defaults())
    else:
        proposed = init.defaults()
        author = init.Author(
            name=args.name or proposed.name,
            headline=args.headline or proposed.headline,
            github=args.github or "",
            url=args.url or "",
            publish=args.publish or proposed.publish,
        )
    try:
        init.init(args.folder, author)
    except init.InitError as error:
        print(f"inkfolio init: {error}", file=sys.stderr)
        return 1
    folder = args.folder
    print(
        f"Made {author.name}'s site in {folder}/. Next:\n"
        f"  cd {folder}\n"
        "  inkfolio build          # build into output/\n"
        "  inkfolio serve          # preview at http://127.0.0.1:8000\n"
        "  git init && git add . && git commit -m 'My site'   # then push it to GitHub:\n"
        "                          # README.md says how it publishes on GitHub Pages"
    )
    if author.publish == "marked":
        print("Only notes whose front matter says `publish: true` are published.")
    return 0


def run_build(parser, args):
    from inkfolio.build import build

    overrides = dict(_setting(parser, item) for item in args.setting)
    overrides.update(_notebook_overrides(args))
    return build(
        find_settings(args.settings),
        output=args.output,
        overrides=overrides,
        strict=args.strict,
        verbosity=logging.INFO if args.verbose else logging.WARNING,
    )


def run_execute(parser, args):
    from inkfolio.build import execute

    shard = _shard(parser, args.shard)
    return execute(find_settings(args.settings), overrides=_notebook_overrides(args), shard=shard)


def run_serve(parser, args):
    from inkfolio.serve import serve

    return serve(_output_of(args), port=args.port, bind=args.bind)


def run_livereload(parser, args):
    from inkfolio.livereload import livereload

    return livereload(find_settings(args.settings), _output_of(args), args.port, args.bind)


def run_new(parser, args):
    from inkfolio.new import AlreadyExists, new_article
    from inkfolio.settings import load_settings

    settings = load_settings(find_settings(args.settings))
    try:
        marked = not settings.get("PUBLISH_DEFAULT", True)
        path = new_article(settings["PATH"], args.title, args.folder, marked=marked)
    except AlreadyExists as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Created {_shown(path)}")
    return 0


def run_cv(parser, args):
    import json

    from inkfolio.core import ContentError
    from inkfolio.plugins.portfolio import resume_file, variants
    from inkfolio.settings import load_settings

    settings = load_settings(find_settings(args.settings))
    path = resume_file.find(settings)
    if path is None:
        print("inkfolio: this site has no résumé (content/data/resume.yaml)", file=sys.stderr)
        return 1
    try:
        resume = resume_file.load(path)
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    order = variants.SECTION_NAMES
    if args.variant:
        if args.variant not in variants.names(resume):
            known = ", ".join(variants.names(resume)) or "none yet: add meta.variants"
            print(f"inkfolio: no CV variant {args.variant!r} (variants: {known})", file=sys.stderr)
            return 1
        resume, order = variants.variant_of(resume, args.variant)
    print(json.dumps(variants.as_json_resume(resume, order), indent=2, ensure_ascii=False))
    return 0


def run_application(parser, args):
    from inkfolio.core import ContentError
    from inkfolio.new import AlreadyExists, new_application
    from inkfolio.plugins.portfolio import resume_file, variants
    from inkfolio.settings import load_settings

    settings = load_settings(find_settings(args.settings))
    if args.variant:
        path = resume_file.find(settings)
        try:
            known = variants.names(resume_file.load(path)) if path else []
        except ContentError as error:
            print(error, file=sys.stderr)
            return 1
        if args.variant not in known:
            listed = ", ".join(known) or "none yet: add them in the résumé's meta.variants"
            print(f"inkfolio: no CV variant {args.variant!r} (variants: {listed})", file=sys.stderr)
            return 1
    folder = (settings.get("APPLICATION_PATHS") or ["applications"])[0]
    try:
        path, address = new_application(settings["PATH"], args.title, args.variant, folder)
    except AlreadyExists as error:
        print(error, file=sys.stderr)
        return 1
    url = settings.get("APPLICATION_URL", "applications/{address}/").format(address=address)
    site = (settings.get("SITEURL") or "").rstrip("/")
    print(f"Created {_shown(path)}")
    print(f"Its private page, once built: {site}/{url} (send this link; nothing else links it)")
    return 0


def run_check(parser, args):
    from inkfolio.check import check_site

    problems = check_site(find_settings(args.settings), args.output, not args.no_html)
    return 1 if problems else 0


def run_publish(parser, args):
    from inkfolio.publish import PublishError, publish

    settings = Path(find_settings(args.settings, PRODUCTION_SETTINGS))
    overrides = {"NOTEBOOK_EXECUTE": "never"} if args.no_execute else {}
    try:
        publish(
            settings.parent, settings.name, args.remote, args.branch, args.allow_dirty, overrides
        )
    except PublishError as error:
        print(f"Not published: {error}", file=sys.stderr)
        return 1
    return 0


def run_sync(parser, args):
    from inkfolio.sync import DATA_FILE, sync_contributions

    site = Path.cwd()
    user = args.user
    try:
        settings_file = find_settings(args.settings)
    except SiteNotFound:
        if not user:
            raise
    else:
        from inkfolio.settings import load_settings

        site = Path(settings_file).parent
        user = user or load_settings(settings_file).get("GITHUB_USER")
    if not user:
        parser.error("sync-contributions: give --user, or set GITHUB_USER in the settings")
    return sync_contributions(site, user, args.data or DATA_FILE)


def run_override(parser, args):
    from inkfolio import overrides

    site = Path(find_settings(args.settings)).parent
    try:
        if args.diff:
            print(overrides.diff(site, args.template) or "No difference.", end="")
            return 0
        if args.record:
            path = overrides.record_current(site, args.template)
            print(f"{_shown(path)} is now recorded as up to date with the engine's copy.")
            return 0
        path = overrides.copy_template(site, args.template)
    except overrides.OverrideError as error:
        print(f"inkfolio override: {error}", file=sys.stderr)
        return 1
    print(f"Copied the engine's {args.template} to {_shown(path)}: edit it there.")
    return 0


COMMANDS = {
    "init": run_init,
    "build": run_build,
    "execute": run_execute,
    "serve": run_serve,
    "livereload": run_livereload,
    "new": run_new,
    "check": run_check,
    "publish": run_publish,
    "sync-contributions": run_sync,
    "override": run_override,
    "cv": run_cv,
    "application": run_application,
}


# -- Finding the site


def find_settings(given, default=LOCAL_SETTINGS):
    """The settings file: as given (``-s``), else the default name in the working
    folder or the nearest folder above it."""
    if given:
        path = Path(given)
        if not path.is_file():
            raise SiteNotFound(f"no settings file {given}")
        return str(path.resolve())
    here = Path.cwd()
    for folder in [here, *here.parents]:
        if (folder / default).is_file():
            return str(folder / default)
    raise SiteNotFound(
        f"no {default} in {here} or above it: run this inside a site's folder, "
        "give one with -s, or start a site with `inkfolio init DIR`"
    )


def _output_of(args):
    if args.output:
        return Path(args.output).resolve()
    from inkfolio.settings import load_settings

    return Path(load_settings(find_settings(args.settings))["OUTPUT_PATH"])


# -- Options shared by several commands


def _settings_option(command, default=LOCAL_SETTINGS):
    command.add_argument(
        "-s", "--settings", help=f"the settings file (default: {default} in this folder or above)"
    )


def _output_option(command):
    command.add_argument("-o", "--output", help="the output folder (default: the settings')")


def _address_options(command):
    command.add_argument("--port", type=int, default=8000, help="port (0: any free port)")
    command.add_argument("--bind", default="127.0.0.1", help="address to listen on")


def _refresh_option(command):
    command.add_argument(
        "--refresh",
        action="append",
        default=[],
        metavar="NAME",
        help="execute this notebook even if its result is cached (file name, with or without extension)",
    )


def _no_execute_option(command):
    command.add_argument(
        "--no-execute",
        action="store_true",
        help="never start a kernel: notebooks come from the cache (a miss is an error)",
    )


def _runner_option(command):
    command.add_argument(
        "--runner",
        metavar="NAME",
        help="execute every stale notebook on this runner of NOTEBOOK_RUNNERS "
        "(part of the cache key: build with the same --runner)",
    )


def _notebook_overrides(args):
    overrides = {}
    if getattr(args, "runner", None):
        overrides["NOTEBOOK_RUNNER"] = args.runner
    if getattr(args, "only", None):
        overrides["NOTEBOOK_ONLY"] = args.only
    if getattr(args, "refresh", None):
        overrides["NOTEBOOK_REFRESH"] = args.refresh
    if getattr(args, "no_execute", False):
        overrides["NOTEBOOK_EXECUTE"] = "never"
    return overrides


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


def _shown(path):
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _version():
    import inkfolio

    return inkfolio.__version__
