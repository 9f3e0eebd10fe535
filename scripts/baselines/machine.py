"""The machine and software a figure belongs to: CPU model and cores (from
/proc/cpuinfo), the packages' versions, the commit and the date."""
import datetime
import importlib.metadata
import os
import platform
import subprocess


def cpu_model(cpuinfo="/proc/cpuinfo"):
    try:
        with open(cpuinfo) as f:
            fields = dict(line.split(":", 1) for line in f if ":" in line)
    except OSError:
        return platform.processor() or "unknown CPU"
    name = fields.get("model name\t", "").strip() or "unknown CPU"
    family, model = fields.get("cpu family\t", "").strip(), fields.get("model\t\t", "").strip()
    return f"{name} (family {family} model {model})" if family and model else name


def describe():
    return {"cpu": cpu_model(), "cores": os.cpu_count(), "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}"}


def versions(packages=("fasttext", "scikit-learn", "numpy", "scipy")):
    found = {}
    for name in packages:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = None
    return found


def git_commit():
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
