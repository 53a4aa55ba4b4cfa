#!/usr/bin/env python3
"""Checks the metadata of .nupkg files (called by .ci/pack-check): one line per problem, exit 1 if any.

usage: check-package.py [--commit SHA] [--require-url] PACKAGE.nupkg...
Each package needs: id, version, authors, description, tags, release notes, copyright, the licence expression MIT,
a readme that is in the package, the NOTICE, the repository's type and commit (the given commit if --commit), and,
with --require-url (a clone with a git remote), the repository URL and the project URL; and a .snupkg beside it when
it carries a .dll of its own.
"""
import os
import sys
import zipfile
import xml.etree.ElementTree as ET


def problems(path, commit, require_url):
    name = os.path.basename(path)
    try:
        package = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as e:
        return [f"{name}: not a readable package ({e})"]
    entries = set(package.namelist())
    nuspecs = [e for e in entries if e.endswith(".nuspec") and "/" not in e]
    if len(nuspecs) != 1:
        return [f"{name}: {len(nuspecs)} .nuspec files at the root instead of 1"]
    try:
        root = ET.fromstring(package.read(nuspecs[0]))
    except ET.ParseError as e:
        return [f"{name}: the .nuspec does not parse ({e})"]
    metadata = next((c for c in root if c.tag.endswith("metadata")), None)
    if metadata is None:
        return [f"{name}: the .nuspec has no <metadata>"]
    fields = {c.tag.split("}")[-1]: c for c in metadata}

    def text(field):
        element = fields.get(field)
        return (element.text or "").strip() if element is not None else ""

    found = []
    for field in ("id", "version", "authors", "description", "tags", "releaseNotes", "copyright"):
        if not text(field):
            found.append(f"{name}: no {field}")
    license = fields.get("license")
    if license is None or license.get("type") != "expression" or text("license") != "MIT":
        found.append(f"{name}: no licence expression MIT")
    readme = text("readme")
    if not readme:
        found.append(f"{name}: no readme")
    elif readme.replace("\\", "/") not in entries:
        found.append(f"{name}: the readme '{readme}' is not in the package")
    if "NOTICE" not in entries:
        found.append(f"{name}: no NOTICE")
    repository = fields.get("repository")
    if repository is None or repository.get("type") != "git" or not repository.get("commit"):
        found.append(f"{name}: no repository type and commit")
    elif commit and repository.get("commit") != commit:
        found.append(f"{name}: repository commit {repository.get('commit')} is not {commit}")
    if require_url:
        if repository is None or not repository.get("url"):
            found.append(f"{name}: no repository URL (the clone has a git remote)")
        if not text("projectUrl"):
            found.append(f"{name}: no project URL (the clone has a git remote)")
    if any(e.endswith(".dll") for e in entries) and not os.path.exists(path[: -len(".nupkg")] + ".snupkg"):
        found.append(f"{name}: no symbol package (.snupkg) beside it")
    return found


def main(argv):
    commit, require_url, paths = None, False, []
    args = iter(argv)
    for arg in args:
        if arg == "--commit":
            commit = next(args, None)
        elif arg == "--require-url":
            require_url = True
        else:
            paths.append(arg)
    if not paths:
        print("check-package.py: no package given", file=sys.stderr)
        return 2
    found = [p for path in paths for p in problems(path, commit, require_url)]
    for line in found:
        print("error: " + line, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
