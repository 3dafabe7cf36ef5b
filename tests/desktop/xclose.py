"""Closes X11 top-level windows by title the way a window manager's close button does: a
WM_DELETE_WINDOW client message (the app sees a close request, not a kill). Xvfb has no window
manager, so the tests send it themselves. libX11 through ctypes: nothing to install.

    python3 xclose.py TITLE     # closes every window titled exactly TITLE; prints the count
"""

import ctypes
import ctypes.util
import sys

Window = ctypes.c_ulong
Atom = ctypes.c_ulong


class XClientMessageEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", Window),
        ("message_type", Atom),
        ("format", ctypes.c_int),
        ("data", ctypes.c_long * 5),
    ]


class XEvent(ctypes.Union):
    _fields_ = [("xclient", XClientMessageEvent), ("pad", ctypes.c_long * 24)]


def main(title):
    x = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11") or "libX11.so.6")
    x.XOpenDisplay.restype = ctypes.c_void_p
    x.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x.XDefaultRootWindow.restype = Window
    x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    x.XInternAtom.restype = Atom
    x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x.XQueryTree.argtypes = [ctypes.c_void_p, Window, ctypes.POINTER(Window), ctypes.POINTER(Window), ctypes.POINTER(ctypes.POINTER(Window)), ctypes.POINTER(ctypes.c_uint)]
    x.XFetchName.argtypes = [ctypes.c_void_p, Window, ctypes.POINTER(ctypes.c_char_p)]
    x.XSendEvent.argtypes = [ctypes.c_void_p, Window, ctypes.c_int, ctypes.c_long, ctypes.POINTER(XEvent)]
    x.XFlush.argtypes = [ctypes.c_void_p]
    x.XCloseDisplay.argtypes = [ctypes.c_void_p]

    d = x.XOpenDisplay(None)
    if not d:
        raise SystemExit("xclose: cannot open the display")
    root = x.XDefaultRootWindow(d)
    protocols = x.XInternAtom(d, b"WM_PROTOCOLS", 0)
    delete = x.XInternAtom(d, b"WM_DELETE_WINDOW", 0)

    def children(w):
        r, p = Window(), Window()
        kids = ctypes.POINTER(Window)()
        n = ctypes.c_uint()
        if not x.XQueryTree(d, w, ctypes.byref(r), ctypes.byref(p), ctypes.byref(kids), ctypes.byref(n)):
            return []
        return [kids[i] for i in range(n.value)]

    closed = 0
    stack = children(root)
    while stack:
        w = stack.pop()
        name = ctypes.c_char_p()
        if x.XFetchName(d, w, ctypes.byref(name)) and name.value and name.value.decode(errors="replace") == title:
            ev = XEvent()
            ev.xclient.type = 33  # ClientMessage
            ev.xclient.window = w
            ev.xclient.message_type = protocols
            ev.xclient.format = 32
            ev.xclient.data[0] = delete
            ev.xclient.data[1] = 0  # CurrentTime
            x.XSendEvent(d, w, 0, 0, ctypes.byref(ev))
            closed += 1
        else:
            stack.extend(children(w))
    x.XFlush(d)
    x.XCloseDisplay(d)
    return closed


if __name__ == "__main__":
    print(main(sys.argv[1]))
