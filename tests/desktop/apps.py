"""Finding the app's process the tests started, and whether it is gone."""

import os


def app_pid(data_dir):
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open(f"/proc/{p}/cmdline", "rb") as f:
                args = f.read().split(b"\0")
        except OSError:
            continue
        if args and os.path.basename(args[0]) == b"lookout-desktop" and data_dir.encode() in args:
            return int(p)
    return None


def is_zombie(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] == "Z"
    except OSError:
        return True


def webkit_children(pid):
    """The names of the live WebKit processes `pid` started (WebKitWebProces, WebKitNetworkPr)."""
    kids = []
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open(f"/proc/{p}/stat") as f:
                    fields = f.read().split(")")[-1].split()
                with open(f"/proc/{p}/comm") as f:
                    comm = f.read().strip()
            except OSError:
                continue
            if int(fields[1]) == pid and comm.startswith("WebKit") and fields[0] != "Z":
                kids.append(comm)
    return kids
