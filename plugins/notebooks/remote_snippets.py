"""Code inkfolio runs inside a remote kernel, out of the notebook's sight.

It lives in a module of its own, ``__inkfolio__``, registered in the kernel's
``sys.modules``: the notebook's namespace, history and execution counts stay exactly
as a local run leaves them. Results come back as JSON through user_expressions. The
remote machine need not have inkfolio installed, so these helpers import nothing of
it (the CPU's name is read here as ``execute._cpu_name`` reads it locally).
"""

HELPERS = r'''
import base64, hashlib, importlib.metadata, json, os, platform, shutil, subprocess, tempfile

_folder = None


def start(modules):
    """A fresh working folder per run (two notebooks sharing the server never meet);
    returns the machine's facts."""
    global _folder
    _folder = tempfile.mkdtemp(prefix="inkfolio-")
    os.chdir(_folder)
    return facts(modules)


def put(relative, first):
    """Write one chunk of an input file. The chunk travels in the request's content,
    not in its code: IPython would parse megabytes of code at about 2 MB/s."""
    from IPython import get_ipython

    data = get_ipython().kernel.get_parent()["content"]["inkfolio_chunk"]
    path = _inside(relative)
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "wb" if first else "ab") as handle:
        handle.write(base64.b64decode(data))


def _inside(relative):
    """The path of an input file in the working folder; never one outside it."""
    folder = os.path.realpath(_folder)
    path = os.path.realpath(os.path.join(folder, relative))
    if not path.startswith(folder + os.sep):
        raise ValueError("refused: %r leaves the working folder" % relative)
    return path


def sha256(relative):
    digest = hashlib.sha256()
    with open(_inside(relative), "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return json.dumps(digest.hexdigest())


def _cpu():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _gpus():
    if not shutil.which("nvidia-smi"):
        return []
    try:
        out = subprocess.run(
            ["nvidia-smi", "--query-gpu=name,memory.total,driver_version",
             "--format=csv,noheader"],
            capture_output=True, text=True, timeout=10, check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    gpus = []
    for line in out.strip().splitlines():
        parts = [part.strip() for part in line.split(",")]
        if len(parts) == 3:
            gpus.append({"name": parts[0], "memory": parts[1], "driver": parts[2]})
    return gpus


def facts(modules):
    distributions = importlib.metadata.packages_distributions()
    packages = {}
    for module in modules:
        for dist in distributions.get(module, []):
            try:
                packages[dist] = importlib.metadata.version(dist)
            except importlib.metadata.PackageNotFoundError:
                pass
    return json.dumps({
        "python": platform.python_version(),
        "packages": packages,
        "cpu": _cpu(),
        "cores": os.cpu_count(),
        "platform": "%s %s" % (platform.system(), platform.machine()),
        "gpus": _gpus(),
    })


def finish():
    if _folder:
        os.chdir(tempfile.gettempdir())
        shutil.rmtree(_folder, ignore_errors=True)
    return json.dumps(None)
'''

# One statement, leaving no name behind in the notebook's namespace.
INSTALL = (
    f"exec(compile({HELPERS!r}, '<inkfolio>', 'exec'), __import__('sys').modules.setdefault("
    "'__inkfolio__', __import__('types').ModuleType('__inkfolio__')).__dict__)"
)
