"""Reads Lookout's tray icon from the session bus, as a panel would see it.

On Linux the tray icon is an Ayatana AppIndicator: a StatusNotifierItem object whose icon is
a PNG file it names (IconThemePath + IconName), and a com.canonical.dbusmenu menu. Xvfb has
no panel to show them, so the test asks for them directly with busctl.
"""

import json
import os
import subprocess

ITEM = "org.kde.StatusNotifierItem"
MENU = "com.canonical.dbusmenu"


def busctl(*args):
    out = subprocess.run(["busctl", "--user", "--json=short", "--", *args], capture_output=True, text=True, timeout=10)
    if out.returncode != 0:
        raise RuntimeError(f"busctl {' '.join(args)}: {out.stderr.strip()}")
    return json.loads(out.stdout) if out.stdout.strip() else None


def _names_of(pid):
    names = busctl("call", "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "ListNames")["data"][0]
    for n in names:
        if not n.startswith(":"):
            continue
        try:
            got = busctl("call", "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "GetConnectionUnixProcessID", "s", n)
        except RuntimeError:
            continue
        if got["data"][0] == pid:
            yield n


def _objects(name):
    # Some of the app's connections (zbus clients) serve no objects and never answer.
    try:
        out = subprocess.run(["busctl", "--user", "--timeout=1", "--list", "tree", name], capture_output=True, text=True, timeout=5)
    except subprocess.TimeoutExpired:
        return []
    return out.stdout.split() if out.returncode == 0 else []


def find(pid):
    """(bus name, item path) of the app's tray icon, or None."""
    for n in _names_of(pid):
        for path in _objects(n):
            if path.startswith("/org/ayatana/NotificationItem/") and not path.endswith("/Menu") and path.count("/") == 4:
                return n, path
    return None


def icon_file(name, path):
    theme = busctl("get-property", name, path, ITEM, "IconThemePath")["data"]
    icon = busctl("get-property", name, path, ITEM, "IconName")["data"]
    if os.path.isabs(icon):
        return icon
    for ext in ("", ".png"):
        f = os.path.join(theme, icon + ext)
        if os.path.exists(f):
            return f
    return os.path.join(theme, icon)


def _unvariant(v):
    if isinstance(v, dict) and set(v) == {"type", "data"}:
        return _unvariant(v["data"])
    return v


def menu_items(name, path):
    """The tray menu, top to bottom: [(dbusmenu id, label, enabled)]; separators as '---'."""
    menu_path = busctl("get-property", name, path, ITEM, "Menu")["data"]
    layout = busctl("call", name, menu_path, MENU, "GetLayout", "iias", "0", "-1", "0")["data"][1]
    items = []

    def walk(node):
        node_id, props, children = _unvariant(node)
        props = {k: _unvariant(v) for k, v in props.items()}
        if props.get("type") == "separator":
            items.append((node_id, "---", False))
        elif "label" in props:
            items.append((node_id, props["label"], props.get("enabled", True)))
        for c in children:
            walk(c)

    walk(layout)
    return items


def menu_labels(name, path):
    """The tray menu's labels, top to bottom; separators as '---', disabled items in ()."""
    return [label if enabled or label == "---" else f"({label})" for _, label, enabled in menu_items(name, path)]


def click(name, path, label):
    """Clicks the menu item labelled `label`, as a panel does when the user picks it."""
    menu_path = busctl("get-property", name, path, ITEM, "Menu")["data"]
    ids = [i for i, l, enabled in menu_items(name, path) if l == label and enabled]
    if not ids:
        raise AssertionError(f"no enabled tray menu item {label!r}: {menu_labels(name, path)}")
    busctl("call", name, menu_path, MENU, "Event", "isvu", str(ids[0]), "clicked", "s", "", "0")


def same_picture(a, b):
    """True when two images have identical pixels (ImageMagick's compare)."""
    out = subprocess.run(["compare", "-metric", "AE", a, b, "null:"], capture_output=True, text=True)
    try:
        return float(out.stderr.split()[0]) == 0
    except (ValueError, IndexError):
        return False
