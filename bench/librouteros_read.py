#!/usr/bin/python3
"""The same 1M-row read with python3-librouteros (Debian), for comparison."""
import resource
import sys
import time

import librouteros

port = int(sys.argv[1])
api = librouteros.connect('127.0.0.1', username='admin', password='',
                          port=port, login_method=librouteros.login.plain)
t0 = time.monotonic()
rows = list(api('/ip/route/print'))
t1 = time.monotonic()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
print("librouteros %d rows in %.3f s; peak RSS %.1f MB" % (len(rows), t1 - t0, rss))
